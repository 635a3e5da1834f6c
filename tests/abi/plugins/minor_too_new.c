/* Requires ABI 1.99, a minor no server has yet. */
#include "valid_lifecycle.h"

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 99,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.minor_too_new",
    .version = "1.0.0",
    .create = abi_create,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
