/* Declares an integer option whose default is not an integer. */
#include "valid_lifecycle.h"

static const sb_option options[] = {
    {
        .struct_size = sizeof(sb_option),
        .name = "workers",
        .type = SB_OPT_INT,
        .default_value = "many",
        .doc = "Worker threads",
    },
};

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.bad_option_declaration",
    .version = "1.0.0",
    .options = options,
    .option_count = 1,
    .create = abi_create,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
