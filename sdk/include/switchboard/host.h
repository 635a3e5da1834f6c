/*
 * Switchboard plugin ABI — the host table.
 *
 * The host passes one sb_host to each plugin instance's create(). It stays
 * valid until that instance's destroy() returns. Every function takes the
 * table's `ctx` as its first argument. Each says which threads may call it.
 * New functions are appended; test for them with SB_HAS(host, field).
 */
#ifndef SWITCHBOARD_HOST_H
#define SWITCHBOARD_HOST_H

#include "switchboard/abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a transport tells the host about a new connection. */
typedef struct sb_conn_info {
    uint32_t struct_size;
    sb_str remote_address; /* "127.0.0.1:53122" or "[::1]:53122" */
    sb_str user_agent;     /* may be empty */
    uint32_t flags;        /* SB_CONN_* */
} sb_conn_info;

/* The connection carries one request and is closed after its response
 * (HTTP): ops that need a live session are refused on it. */
#define SB_CONN_STATELESS 0x1u

typedef struct sb_host {
    uint32_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    void* ctx; /* pass as the first argument of every function below */

    /* ---- Logging. Thread-safe. `msg` is borrowed for the call. ---------------- */
    void (*log)(void* ctx, sb_log_level level, const char* msg, size_t len);
    int32_t (*log_enabled)(void* ctx, sb_log_level level);

    /* ---- Configuration. Control thread only. ----------------------------------
     * The host has already validated the plugin's YAML section against its
     * declared options and applied defaults. Each getter returns SB_OK, or
     * SB_ERR_NOT_FOUND for an optional key that is absent and has no default,
     * or SB_ERR_BAD_REQUEST when `key` is not declared with that type.
     * Returned strings stay valid until destroy(). DURATION reads as
     * milliseconds and SIZE as bytes through config_int. */
    sb_status (*config_string)(void* ctx, const char* key, sb_str* out);
    sb_status (*config_int)(void* ctx, const char* key, int64_t* out);
    sb_status (*config_double)(void* ctx, const char* key, double* out);
    sb_status (*config_bool)(void* ctx, const char* key, int32_t* out);
    /* STRING_LIST: `*count` items, fetched one by one with config_list_item. */
    sb_status (*config_list_size)(void* ctx, const char* key, size_t* count);
    sb_status (*config_list_item)(void* ctx, const char* key, size_t index, sb_str* out);

    /* ---- Payloads. Thread-safe. ------------------------------------------------
     * A payload handed to a plugin is borrowed for that call; retain it to keep
     * it longer and release it exactly once per retain. */
    void (*payload_retain)(void* ctx, sb_payload* payload);
    void (*payload_release)(void* ctx, sb_payload* payload);
    sb_str (*payload_bytes)(void* ctx, const sb_payload* payload);

    /* ---- For transport plugins. Thread-safe, never block. ---------------------
     * conn_open: a client connected; returns the connection id the host will
     *   use in sb_transport_vtable calls (never 0), or 0 when the host refuses
     *   it (shutting down) — then close the connection.
     * conn_receive: one complete request (one frame/message/body); `data` is
     *   borrowed for the call. The host answers through vtable->send.
     * conn_closed: the connection is gone; the id is dead after this call and
     *   the host sends nothing more to it. Call it exactly once per id,
     *   including after a host-initiated vtable->close. */
    uint64_t (*conn_open)(void* ctx, const sb_conn_info* info);
    void (*conn_receive)(void* ctx, uint64_t conn, const char* data, size_t len);
    void (*conn_closed)(void* ctx, uint64_t conn);
} sb_host;

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_HOST_H */
