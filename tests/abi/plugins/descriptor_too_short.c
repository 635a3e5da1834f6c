/* A descriptor that covers the frozen header but stops before the lifecycle
 * functions ABI 1.0 defines: its struct_size is shorter than ABI 1.0's. */
#include "valid_lifecycle.h"

static const sb_plugin_descriptor descriptor = {
    .struct_size = offsetof(sb_plugin_descriptor, create),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.descriptor_too_short",
    .version = "1.0.0",
    .create = abi_create,
    .destroy = abi_destroy,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
