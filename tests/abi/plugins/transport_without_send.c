/* A transport whose vtable has close but not the required send. */
#include "valid_lifecycle.h"

static void line_close(void* instance, uint64_t conn, uint32_t code, sb_str reason) {
    (void)instance;
    (void)conn;
    (void)code;
    (void)reason;
}

static const sb_transport_vtable vtable = {
    .struct_size = sizeof(sb_transport_vtable),
    .send = NULL,
    .close = line_close,
};

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_TRANSPORT,
    .id = "abi.transport_without_send",
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
