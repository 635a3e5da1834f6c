/* A push plugin (ABI 1.3) whose vtable lacks the required send. */
#include "valid_lifecycle.h"

static const sb_push_vtable vtable = {
    .struct_size = sizeof(sb_push_vtable),
    .send = NULL,
};

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 3,
    .kind = SB_KIND_PUSH,
    .id = "abi.push_without_send",
    .version = "1.0.0",
    .create = abi_create,
    .destroy = abi_destroy,
    .vtable = &vtable,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
