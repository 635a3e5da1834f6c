/*
 * Switchboard plugin ABI — push plugins (SB_KIND_PUSH), ABI 1.3.
 *
 * A push plugin delivers one provider-neutral notification to one device
 * through its provider (FCM, APNs, Expo, Web Push, a webhook, a log). The
 * kernel decides who gets a push and when, keeps the durable outbox and
 * retries; the plugin only sends and reports how it went.
 *
 * Routing: a device registered with provider "fcm" goes to the loaded plugin
 * whose id is "push.fcm" (the provider name is the plugin id without the
 * "push." prefix). With no plugin for the provider, "push.log" takes it when
 * loaded. See docs/plugin-abi.md and docs/push.md.
 */
#ifndef SWITCHBOARD_PUSH_H
#define SWITCHBOARD_PUSH_H

#include "switchboard/abi.h"
#include "switchboard/host.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sb_push_category {
    SB_PUSH_MESSAGE = 1,
    SB_PUSH_CALL = 2,
    SB_PUSH_CALL_DISMISS = 3,
    SB_PUSH_MISSED_CALL = 4
} sb_push_category;

typedef enum sb_push_priority { SB_PUSH_NORMAL = 0, SB_PUSH_HIGH = 1 } sb_push_priority;

/* One notification for one device, provider-neutral. Every string is borrowed
 * for the duration of the send() call only (copy what you keep). */
typedef struct sb_notification {
    uint32_t struct_size;
    sb_str id;                /* idempotency key, unique per (event, device); stable across retries */
    sb_str user_id;
    sb_str device_id;
    sb_str provider;          /* "fcm", "apns", ... as in device.register */
    sb_str token;             /* the device token / Web Push endpoint URL / webhook device token */
    sb_str device_extra_json; /* the provider-specific fields sent with device.register, a JSON object
                                 (webpush: {"keys":{"p256dh":..,"auth":..}} ; apns: {"environment":
                                 "sandbox"|"production","voip_token":..}; locale ...) or empty */
    uint32_t category;        /* sb_push_category */
    uint32_t priority;        /* sb_push_priority */
    uint32_t ttl_seconds;     /* 0 = provider default */
    sb_str title;             /* empty in hidden-content mode */
    sb_str body;              /* empty in hidden-content mode */
    sb_str conversation_id;
    sb_str call_id;           /* for call categories */
    sb_str collapse_key;      /* messages: conversation id; calls: call id */
    int64_t badge;            /* unread count, -1 = leave unchanged */
    sb_str data_json;         /* a JSON object of app data (event, ids, seq, sender...) providers put in the data payload */
    int64_t created_at_ms;
} sb_notification;

typedef enum sb_push_outcome {
    SB_PUSH_DELIVERED = 0,  /* provider accepted it */
    SB_PUSH_RETRY = 1,      /* transient (5xx, 429, network): retry later, honouring retry_after_ms if > 0 */
    SB_PUSH_DEAD_TOKEN = 2, /* the token is gone (FCM UNREGISTERED/404, APNs 410/BadDeviceToken, Expo
                               DeviceNotRegistered, WebPush 404/410): delete the device */
    SB_PUSH_REJECTED = 3    /* permanent for this notification (4xx other than the above): drop it, count it */
} sb_push_outcome;

typedef struct sb_push_result {
    uint32_t struct_size;
    uint32_t outcome;       /* sb_push_outcome */
    int32_t http_status;    /* 0 when no HTTP answer */
    sb_str reason;          /* provider's error code/reason, e.g. "UNREGISTERED", "TooManyRequests" */
    int64_t retry_after_ms; /* from Retry-After, 0 if none */
} sb_push_result;

/* Called exactly once per accepted send(), from any thread. `result` is borrowed for the call. */
typedef void (*sb_push_done)(void* done_ctx, const sb_push_result* result);

typedef struct sb_push_vtable {
    uint32_t struct_size;
    /* Required. Non-blocking: queue the notification (e.g. on a curl multi
     * handle with HTTP/2 multiplexing on the plugin's own thread) and return
     * SB_OK; `done` is called later exactly once. Returns SB_ERR_BUSY if its
     * bounded queue is full (the kernel retries later) or SB_ERR_UNAVAILABLE
     * if stopped; then done is NOT called. Thread-safe: may be called from any
     * kernel thread. */
    sb_status (*send)(void* instance, const sb_notification* n, sb_push_done done, void* done_ctx, sb_error* err);
    /* Optional (NULL when clients need nothing): what a client needs to
     * subscribe through this provider, a JSON object of public data —
     * push.webpush: {"vapid_public_key": "<base64url>"}, the
     * applicationServerKey. Clients read it with the op `device.push_config`.
     * The string belongs to the instance and stays valid until destroy().
     * Called on the host's control thread after start(). */
    sb_str (*client_config_json)(void* instance);
} sb_push_vtable;

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_PUSH_H */
