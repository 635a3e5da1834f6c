/*
 * Switchboard plugin ABI — common definitions.
 *
 * This header is part of the frozen C contract between the Switchboard server
 * ("the host") and plugins (shared objects). Rules that keep it stable:
 *   - C only: fixed-width integers, pointer+length strings, opaque handles,
 *     function pointers. Nothing C++ crosses the boundary.
 *   - Every struct that crosses begins with `uint32_t struct_size` and only ever
 *     grows by appending fields. Readers copy min(struct_size, sizeof) into a
 *     zeroed struct, so a field the other side does not know reads as zero.
 *   - A breaking change bumps SB_ABI_MAJOR and renames the entry symbol.
 *   - Additions bump SB_ABI_MINOR; a plugin states the minor it requires.
 * See docs/plugin-abi.md for the walk-through.
 */
#ifndef SWITCHBOARD_ABI_H
#define SWITCHBOARD_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SB_ABI_MAJOR 1
#define SB_ABI_MINOR 4

/* The one symbol a plugin exports; the major version is part of its name. */
#define SB_PLUGIN_ENTRY_SYMBOL "sb_plugin_entry_v1"

#if defined(_WIN32)
#define SB_EXPORT __declspec(dllexport)
#else
#define SB_EXPORT __attribute__((visibility("default")))
#endif

/* True when a struct received from the other side is large enough to hold
 * `field`, i.e. the sender was built with a minor that has it. */
#define SB_HAS(ptr, field) \
    ((ptr) != NULL && (size_t)(ptr)->struct_size >= offsetof(__typeof__(*(ptr)), field) + sizeof((ptr)->field))

/* Status codes. The first ones map one-to-one onto the wire error codes. */
typedef enum sb_status {
    SB_OK = 0,
    SB_ERR_BAD_REQUEST = 1,   /* malformed or invalid input            -> bad_request  */
    SB_ERR_UNAUTHORIZED = 2,  /*                                       -> unauthorized */
    SB_ERR_FORBIDDEN = 3,     /*                                       -> forbidden    */
    SB_ERR_NOT_FOUND = 4,     /*                                       -> not_found    */
    SB_ERR_CONFLICT = 5,      /* unique key taken, state changed       -> conflict     */
    SB_ERR_RATE_LIMITED = 6,  /*                                       -> rate_limited */
    SB_ERR_TOO_LARGE = 7,     /*                                       -> too_large    */
    SB_ERR_UNAVAILABLE = 8,   /* not started, shutting down, backend down -> unavailable */
    SB_ERR_INTERNAL = 9,      /* a bug or an unexpected backend error  -> internal     */
    SB_ERR_BUSY = 10          /* a bounded queue is full; the caller may retry later  */
} sb_status;

/* A borrowed byte string: `ptr` may be NULL only when `len` is 0. It is not
 * NUL-terminated unless a function says so. Validity: for the duration of the
 * call (or callback) it was passed to, unless stated otherwise. */
typedef struct sb_str {
    const char* ptr;
    size_t len;
} sb_str;

/* An error report. The CALLER owns `message` (a buffer of `message_capacity`
 * bytes); the callee writes a NUL-terminated, possibly truncated message. */
typedef struct sb_error {
    uint32_t struct_size;
    sb_status status;
    char* message;
    uint32_t message_capacity;
} sb_error;

/* Fills `err` (if not NULL) and returns `status`. Header-only helper. */
static inline sb_status sb_error_set(sb_error* err, sb_status status, const char* message) {
    if (err != NULL) {
        err->status = status;
        if (err->message != NULL && err->message_capacity > 0) {
            size_t n = message ? strlen(message) : 0;
            if (n >= err->message_capacity) n = err->message_capacity - 1;
            if (n > 0) memcpy(err->message, message, n);
            err->message[n] = '\0';
        }
    }
    return status;
}

typedef enum sb_log_level {
    SB_LOG_TRACE = 0,
    SB_LOG_DEBUG = 1,
    SB_LOG_INFO = 2,
    SB_LOG_WARN = 3,
    SB_LOG_ERROR = 4
} sb_log_level;

typedef enum sb_plugin_kind {
    SB_KIND_TRANSPORT = 1,
    SB_KIND_STORAGE = 2,
    SB_KIND_PUSH = 3,
    SB_KIND_MEDIA = 4,
    SB_KIND_BUS = 5,
    SB_KIND_EXTENSION = 6 /* loaded and started, no kind-specific vtable */
} sb_plugin_kind;

/* ---- Declared configuration options (validated by the host) ---------------- */

typedef enum sb_option_type {
    SB_OPT_STRING = 1,
    SB_OPT_INT = 2,
    SB_OPT_BOOL = 3,
    SB_OPT_DOUBLE = 4,
    SB_OPT_STRING_LIST = 5,
    SB_OPT_DURATION = 6, /* "250ms", "30s", "5m", "1h" or a number of seconds; read as milliseconds */
    SB_OPT_SIZE = 7      /* "512", "64KiB", "16MiB", "1GiB"; read as bytes */
} sb_option_type;

/* One option of a plugin's YAML section. A dotted name ("tls.cert_file")
 * addresses a key inside a nested mapping. */
typedef struct sb_option {
    uint32_t struct_size;
    const char* name;
    sb_option_type type;
    const char* default_value; /* as YAML text; NULL = no default */
    int32_t required;          /* non-zero: the key must be present */
    const char* doc;           /* one line, shown by --describe-plugin */
    /* For INT, DURATION (ms) and SIZE (bytes): inclusive bounds, checked when min < max. */
    int64_t min_value;
    int64_t max_value;
    /* For STRING: the allowed values separated by '|', or NULL for any. */
    const char* choices;
} sb_option;

/* ---- Payloads: reference-counted immutable byte buffers --------------------- */

/* The host serialises an event once and hands the same payload to every
 * recipient. Opaque; use the host table's payload_* functions. */
typedef struct sb_payload sb_payload;

struct sb_host;

/* ---- The plugin descriptor -------------------------------------------------- */

typedef struct sb_plugin_descriptor {
    /* Frozen forever: these six fields never move or change meaning. */
    uint32_t struct_size;
    uint32_t abi_major;  /* must equal the host's SB_ABI_MAJOR */
    uint32_t abi_minor;  /* the minimum host minor this plugin requires */
    uint32_t kind;       /* sb_plugin_kind */
    const char* id;      /* unique, e.g. "transport.websocket" */
    const char* version; /* the plugin's own version, e.g. "1.0.0" */

    /* ABI 1.0 */
    const char* description;
    const sb_option* options;
    uint32_t option_count;

    /* Lifecycle; all four run on the host's control thread.
     * create: required. Reads config through `host`, allocates the instance.
     *         `host` stays valid until destroy() returns.
     * start:  optional. Begin I/O (open sockets, start threads).
     * stop:   optional. Stop I/O, flush, join threads. Must not fail.
     * destroy: required. Free the instance. */
    sb_status (*create)(const struct sb_host* host, void** instance, sb_error* err);
    sb_status (*start)(void* instance, sb_error* err);
    void (*stop)(void* instance);
    void (*destroy)(void* instance);

    /* Kind-specific function table (sb_transport_vtable*, sb_storage_vtable*…),
     * NULL for SB_KIND_EXTENSION. It too begins with struct_size. */
    const void* vtable;
} sb_plugin_descriptor;

/* The entry point a plugin exports as SB_PLUGIN_ENTRY_SYMBOL. Called once, on the
 * control thread, right after loading. Returns a descriptor with static storage
 * duration, or NULL with `err` filled. `host_abi_minor` lets a plugin adapt. */
typedef const sb_plugin_descriptor* (*sb_plugin_entry_fn)(uint32_t host_abi_minor, sb_error* err);

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_ABI_H */
