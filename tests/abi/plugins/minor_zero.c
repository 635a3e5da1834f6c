/* A transport written for ABI 1.0: it requires minor 0, its vtable ends
 * after close (no `answer`), and it calls a 1.1 host function only after
 * checking with SB_HAS that the host has it. A 1.1 server must load it. */
#include <stdio.h>

#include "switchboard/switchboard.h"

static int instance_storage;

static sb_status minor_zero_create(const sb_host* host, void** instance, sb_error* err) {
    (void)err;
    char line[128];
    snprintf(line, sizeof line, "host ABI %u.%u; host table has check_ready: %s", host->abi_major, host->abi_minor,
             SB_HAS(host, check_ready) ? "yes" : "no");
    host->log(host->ctx, SB_LOG_INFO, line, strlen(line));
    *instance = &instance_storage;
    return SB_OK;
}

static void minor_zero_destroy(void* instance) { (void)instance; }

static sb_status minor_zero_send(void* instance, uint64_t conn, sb_payload* payload) {
    (void)instance;
    (void)conn;
    (void)payload;
    return SB_ERR_NOT_FOUND;
}

static void minor_zero_close(void* instance, uint64_t conn, uint32_t code, sb_str reason) {
    (void)instance;
    (void)conn;
    (void)code;
    (void)reason;
}

/* The ABI 1.0 vtable: as long as the struct was before `answer` was appended. */
static const sb_transport_vtable vtable = {
    .struct_size = offsetof(sb_transport_vtable, close) + sizeof(void*),
    .send = minor_zero_send,
    .close = minor_zero_close,
};

static const sb_plugin_descriptor descriptor = {
    .struct_size = sizeof(sb_plugin_descriptor),
    .abi_major = SB_ABI_MAJOR,
    .abi_minor = 0,
    .kind = SB_KIND_TRANSPORT,
    .id = "abi.minor_zero",
    .version = "1.0.0",
    .create = minor_zero_create,
    .destroy = minor_zero_destroy,
    .vtable = &vtable,
};

SB_EXPORT const sb_plugin_descriptor* sb_plugin_entry_v1(uint32_t host_abi_minor, sb_error* err) {
    (void)host_abi_minor;
    (void)err;
    return &descriptor;
}
