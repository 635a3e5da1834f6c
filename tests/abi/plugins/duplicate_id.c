/* Built twice, as abi.duplicate_first.so and abi.duplicate_second.so: two
 * files that declare the same plugin id, with different versions. */
#include "valid_lifecycle.h"

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.duplicate",
    .version = ABI_DUPLICATE_VERSION,
    .create = abi_create,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
