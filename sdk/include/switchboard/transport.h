/*
 * Switchboard plugin ABI — transport plugins (SB_KIND_TRANSPORT).
 *
 * A transport owns its sockets and threads. It reports connections and
 * incoming requests through the host table (conn_open / conn_receive /
 * conn_closed) and the host writes responses and events back through this
 * vtable. Every message in either direction is one JSON envelope
 * (docs/protocol.md).
 */
#ifndef SWITCHBOARD_TRANSPORT_H
#define SWITCHBOARD_TRANSPORT_H

#include "switchboard/abi.h"
#include "switchboard/host.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sb_transport_vtable {
    uint32_t struct_size;

    /* Queue one envelope for connection `conn`. Required. Thread-safe; called
     * from any host thread; must not block. `payload` is borrowed: retain it
     * to keep it past the call. Returns SB_OK when queued; SB_ERR_NOT_FOUND
     * for an unknown or closed connection; SB_ERR_BUSY when the connection's
     * bounded send queue is full — the transport then closes that connection
     * (a slow reader is cut off rather than buffered without bound). */
    sb_status (*send)(void* instance, uint64_t conn, sb_payload* payload);

    /* Close connection `conn` after flushing what is queued. Required.
     * Thread-safe, must not block. `code` is a WebSocket close code (1000
     * normal, 1008 policy, 1009 too big, 1011 server error) that other
     * transports map as they can; `reason` is borrowed for the call. The
     * transport later reports conn_closed as usual. */
    void (*close)(void* instance, uint64_t conn, uint32_t code, sb_str reason);

    /* ABI 1.1, optional. The answer to the one request of a stateless
     * connection (SB_CONN_STATELESS); when present the host calls it instead
     * of send for such connections. `refusal` is SB_OK when an op ran and
     * `payload` is its response envelope (ok or error); otherwise the host
     * refused the request before any op ran and `payload` is an error
     * envelope saying why: SB_ERR_BAD_REQUEST (unreadable envelope),
     * SB_ERR_TOO_LARGE (over limits.max_request_bytes), SB_ERR_UNAUTHORIZED
     * (credentials missing for the op, invalid or expired),
     * SB_ERR_NOT_FOUND (the server API is not configured),
     * SB_ERR_RATE_LIMITED, SB_ERR_UNAVAILABLE (shutting down). An HTTP
     * transport turns that into its status code. Same threading, ownership
     * and return values as send. */
    sb_status (*answer)(void* instance, uint64_t conn, sb_payload* payload, sb_status refusal);
} sb_transport_vtable;

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_TRANSPORT_H */
