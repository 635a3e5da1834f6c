/* A push plugin that declares ABI 1.2, a minor in which the push kind had no
 * vtable: whatever it points at was not built against push.h. */
#include "valid_lifecycle.h"

static sb_status push_send(void* instance, const sb_notification* n, sb_push_done done, void* done_ctx,
                           sb_error* err) {
    (void)instance;
    (void)n;
    (void)done;
    (void)done_ctx;
    (void)err;
    return SB_OK;
}

static const sb_push_vtable vtable = {
    .struct_size = sizeof(sb_push_vtable),
    .send = push_send,
};

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 2,
    .kind = SB_KIND_PUSH,
    .id = "abi.push_before_1_3",
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
