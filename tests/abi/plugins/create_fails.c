/* Loads fine; its create() reports an error with a message. */
#include "switchboard/switchboard.h"

static sb_status failing_create(const sb_host* host, void** instance, sb_error* err) {
    (void)host;
    (void)instance;
    return sb_error_set(err, SB_ERR_UNAVAILABLE, "cannot reach the licence server at 127.0.0.1:9");
}

static void never_destroyed(void* instance) { (void)instance; }

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_EXTENSION,
    .id = "abi.create_fails",
    .version = "1.2.3",
    .create = failing_create,
    .destroy = never_destroyed,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
