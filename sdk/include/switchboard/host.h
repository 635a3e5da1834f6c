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
#include "switchboard/storage.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What a transport tells the host about a new connection. */
typedef struct sb_conn_info {
    uint32_t struct_size;
    sb_str remote_address; /* "127.0.0.1:53122" or "[::1]:53122" */
    sb_str user_agent;     /* may be empty */
    uint32_t flags;        /* SB_CONN_* */
    /* ABI 1.1: credentials of a stateless connection, checked by the host
     * before its request runs (a bad one is refused with SB_ERR_UNAUTHORIZED,
     * see sb_transport_vtable.answer). Empty = none given. */
    sb_str bearer_token;   /* a user's access token (HTTP "Authorization: Bearer") */
    sb_str api_key;        /* a server-API key: the request may use the server.* ops */
} sb_conn_info;

/* The connection carries one request and is closed after its response
 * (HTTP): ops that need a live session are refused on it. */
#define SB_CONN_STATELESS 0x1u

/* The completion of an asynchronous host function (ABI 1.1): called exactly
 * once, from any thread, possibly before the function returns. `status` is
 * SB_OK or the failure; `error_message` is NUL-terminated (empty on success);
 * `result`, typed as each function says, and everything it points to are
 * borrowed for the duration of the call. */
typedef void (*sb_host_done)(void* done_ctx, sb_status status, const char* error_message, const void* result);

/* ---- Metrics (ABI 1.1) --------------------------------------------------------- */

typedef enum sb_metric_type {
    SB_METRIC_COUNTER = 1,   /* only goes up: metric_add with value >= 0 */
    SB_METRIC_GAUGE = 2,     /* metric_set, or metric_add with any sign */
    SB_METRIC_HISTOGRAM = 3  /* metric_observe */
} sb_metric_type;

/* A metric family a plugin declares; rendered in the Prometheus text format. */
typedef struct sb_metric_spec {
    uint32_t struct_size;
    const char* name;               /* [a-zA-Z_:][a-zA-Z0-9_:]*, unique in the server, e.g.
                                       "switchboard_http_requests_total" */
    const char* help;               /* one line */
    uint32_t type;                  /* sb_metric_type */
    const char* const* label_names; /* [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"; NULL when none */
    size_t label_count;             /* at most 8 */
    const double* buckets;          /* histograms: ascending upper bounds (+Inf is implied);
                                       NULL = latency buckets from 0.5 ms to 10 s in seconds */
    size_t bucket_count;
} sb_metric_spec;

/* A registered metric family; valid until the plugin instance's destroy() returns. */
typedef struct sb_metric sb_metric;

/* ---- Attachments (ABI 1.1) ----------------------------------------------------- */

/* What a client announces when it starts uploading a file. */
typedef struct sb_upload_info {
    uint32_t struct_size;
    sb_str bearer_token;   /* the uploader's access token */
    sb_str content_type;   /* its media type; parameters (";charset=…") are ignored; empty = application/octet-stream */
    sb_str filename;       /* as the client named it; the host keeps the last path component; may be empty */
    int64_t declared_size; /* bytes announced (Content-Length), or -1 when unknown */
} sb_upload_info;

/* An upload in progress; opaque. */
typedef struct sb_upload sb_upload;

/* Which stored file a client wants to read. */
typedef struct sb_attachment_request {
    uint32_t struct_size;
    sb_str bearer_token;  /* the reader's access token */
    sb_str attachment_id;
    int32_t thumbnail;    /* non-zero: the attachment's thumbnail instead of the file */
} sb_attachment_request;

/* The result of attachment_open: the record and the file to serve. */
typedef struct sb_attachment_file {
    uint32_t struct_size;
    const sb_attachment* attachment;
    const char* path;     /* NUL-terminated absolute path of the file (never changes once written) */
    uint64_t size;        /* bytes of that file */
    sb_str content_type;  /* of that file: the attachment's, or the thumbnail's (image/jpeg or image/png) */
} sb_attachment_file;

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

    /* ==== ABI 1.1 ==== (test with SB_HAS before use) */

    /* ---- Readiness. Thread-safe, never blocks. -----------------------------------
     * check_ready: whether the server can serve: every plugin started, not
     *   shutting down, and storage answering (a round trip, bounded by a few
     *   seconds). `done` gets SB_OK, or SB_ERR_UNAVAILABLE with the reason;
     *   result NULL. */
    void (*check_ready)(void* ctx, sb_host_done done, void* done_ctx);

    /* ---- Metrics. -----------------------------------------------------------------
     * metric_register: control thread (create/start). Declares a family;
     *   returns its handle, or NULL with `err` (SB_ERR_BAD_REQUEST: an invalid
     *   name, label or bucket list; SB_ERR_CONFLICT: the name is taken).
     *   `spec` and its strings are borrowed for the call.
     * metric_add / metric_set / metric_observe: thread-safe, lock-light, never
     *   block. `label_values` holds exactly the family's label_count values
     *   (borrowed; NULL when it has none); a call with another count, or of
     *   the wrong kind for the family, is ignored.
     * metrics_render: thread-safe. Every family of the server (the kernel's
     *   and every plugin's) in the Prometheus text format 0.0.4, as a payload
     *   holding one reference owned by the caller: release it once. */
    sb_metric* (*metric_register)(void* ctx, const sb_metric_spec* spec, sb_error* err);
    void (*metric_add)(void* ctx, sb_metric* metric, const sb_str* label_values, size_t label_count, double value);
    void (*metric_set)(void* ctx, sb_metric* metric, const sb_str* label_values, size_t label_count, double value);
    void (*metric_observe)(void* ctx, sb_metric* metric, const sb_str* label_values, size_t label_count, double value);
    sb_payload* (*metrics_render)(void* ctx);

    /* ---- Attachments: files clients upload and download (docs/protocol.md). -------
     * All thread-safe; none waits on the kernel thread. Files live under the
     * server's data directory; limits come from its `attachments:` section.
     * upload_begin: checks the token (signature and expiry, in the calling
     *   thread), the content type against attachments.allowed_types and the
     *   declared size against attachments.max_size, and creates a temporary
     *   file. Returns the upload, or NULL with `err`: SB_ERR_UNAUTHORIZED
     *   (token missing, invalid or expired), SB_ERR_BAD_REQUEST (content type
     *   not allowed: the message names the allowed ones), SB_ERR_TOO_LARGE
     *   (declared size over the limit), SB_ERR_UNAVAILABLE (storage without
     *   attachments, shutting down, disk error). `info` is borrowed.
     * upload_write: appends `len` bytes (written to the file and hashed in
     *   the calling thread: a disk write, no kernel wait). SB_ERR_TOO_LARGE
     *   when the total passes attachments.max_size, SB_ERR_UNAVAILABLE on a
     *   disk error; after a failure only upload_abort is allowed. One thread
     *   at a time per upload.
     * upload_finish: completes the upload and consumes the handle: the file
     *   is made durable and moved in place, an image gets its thumbnail (off
     *   the calling thread), storage records it; then `done` gets the
     *   sb_attachment, or an error (SB_ERR_UNAUTHORIZED when the token's user
     *   may not be provisioned, SB_ERR_UNAVAILABLE).
     * upload_abort: drops an unfinished upload and its temporary file;
     *   consumes the handle.
     * attachment_open: checks that the token's user may read the attachment
     *   (its uploader, or a member of a conversation where it was sent), then
     *   `done` gets an sb_attachment_file, or SB_ERR_UNAUTHORIZED,
     *   SB_ERR_NOT_FOUND (no such attachment, or no thumbnail),
     *   SB_ERR_FORBIDDEN, SB_ERR_UNAVAILABLE. `req` is borrowed for the call. */
    sb_upload* (*upload_begin)(void* ctx, const sb_upload_info* info, sb_error* err);
    sb_status (*upload_write)(void* ctx, sb_upload* upload, const char* data, size_t len, sb_error* err);
    void (*upload_finish)(void* ctx, sb_upload* upload, sb_host_done done, void* done_ctx);
    void (*upload_abort)(void* ctx, sb_upload* upload);
    void (*attachment_open)(void* ctx, const sb_attachment_request* req, sb_host_done done, void* done_ctx);

    /* ==== ABI 1.3 ==== (test with SB_HAS, and for NULL, before use) */

    /* ---- For push plugins. Thread-safe (any thread, any time after create), never blocks. ---
     * push_dead_token: the provider said that `token` (as in sb_notification.token)
     *   of `provider` ("expo", …) is gone *after* the send's done already
     *   reported the notification delivered — Expo's push receipts, fetched
     *   minutes later. The host deletes every device registered with that
     *   provider and token, as for SB_PUSH_DEAD_TOKEN. Both strings borrowed. */
    void (*push_dead_token)(void* ctx, sb_str provider, sb_str token);
} sb_host;

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_HOST_H */
