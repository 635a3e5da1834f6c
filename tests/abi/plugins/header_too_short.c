/* A descriptor whose struct_size (16) does not even cover the frozen header
 * (struct_size, abi_major, abi_minor, kind, id, version). */
#include "valid_lifecycle.h"

static const sb_plugin_descriptor descriptor = {
    .struct_size = 16,
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = SB_ABI_MINOR,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.header_too_short",
    .version = "1.0.0",
    .create = abi_create,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
