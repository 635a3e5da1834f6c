#include "switchboard/config/kernel_options.hpp"

#include "switchboard/sdk/plugin.hpp"

namespace switchboard::config {

namespace {

using sdk::option;

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;

constexpr sb_option kServer[] = {
    option("data_dir", SB_OPT_STRING, "./data", false,
           "Directory for the server's own files (the generated JWT secret, the embedded database)"),
    option("log_level", SB_OPT_STRING, "info", false, "Least severe level that is logged", 0, 0,
           "trace|debug|info|warn|error"),
    option("plugin_dir", SB_OPT_STRING, nullptr, false,
           "Directory of the plugins listed without a file; absent: <executable dir>/../lib/switchboard/plugins"),
    option("shutdown_timeout", SB_OPT_DURATION, "10s", false,
           "How long a graceful shutdown waits for plugins to stop and requests to finish"),
};

constexpr sb_option kAuth[] = {
    option(
        "jwt_secret", SB_OPT_STRING, nullptr, false,
        "HS256 key for the tokens the server issues; absent or empty: generated on first start and kept in data_dir"),
    option("issuer", SB_OPT_STRING, "switchboard", false, "'iss' claim of issued tokens"),
    option("audience", SB_OPT_STRING, "switchboard", false, "'aud' claim of issued tokens"),
    option("access_token_ttl", SB_OPT_DURATION, "15m", false, "Lifetime of an access token", kSecond,
           365 * 24 * 60 * kMinute),
    option("refresh_token_ttl", SB_OPT_DURATION, "30d", false, "Lifetime of a refresh token", kSecond,
           10 * 365 * 24 * 60 * kMinute),
    option("allow_registration", SB_OPT_BOOL, "true", false, "Whether auth.register creates accounts"),
    option("password_min_length", SB_OPT_INT, "8", false, "Shortest password auth.register accepts", 1, 1024),
    option("login_attempts", SB_OPT_INT, "5", false,
           "Failed logins allowed per username and per address within login_window", 1, 1000),
    option("login_window", SB_OPT_DURATION, "1m", false, "Window of the login_attempts rate limit"),
    option("hash_threads", SB_OPT_INT, "1", false, "Threads hashing passwords, off the I/O threads", 1, 16),
    option("external.hs256_secret", SB_OPT_STRING, nullptr, false,
           "HS256 key of tokens minted by an integrator's backend"),
    option("external.public_key_file", SB_OPT_STRING, nullptr, false,
           "PEM public key (RS256 or ES256) of tokens minted by an integrator's backend"),
    option("external.jwks_file", SB_OPT_STRING, nullptr, false,
           "JWKS file with the public keys of tokens minted by an integrator's backend"),
    option("external.issuer", SB_OPT_STRING, nullptr, false, "Required 'iss' claim of external tokens"),
    option("external.audience", SB_OPT_STRING, nullptr, false, "Required 'aud' claim of external tokens"),
    option("external.auto_provision", SB_OPT_BOOL, "true", false,
           "Create the user of a valid external token whose 'sub' is unknown"),
};

constexpr sb_option kChat[] = {
    option("max_body_bytes", SB_OPT_SIZE, "64KiB", false, "Largest message body"),
    option("max_extra_bytes", SB_OPT_SIZE, "16KiB", false, "Largest application data attached to a message"),
    option("history_max_limit", SB_OPT_INT, "200", false, "Most messages one message.history returns", 1, 10000),
    option("edit_window", SB_OPT_DURATION, "48h", false, "How long a message can be edited; 0 = no limit"),
    option("typing_ttl", SB_OPT_DURATION, "6s", false, "How long a typing indicator lasts without renewal"),
    option("max_group_members", SB_OPT_INT, "1000", false, "Most members of a group conversation", 2, 100000),
    option("presence_grace", SB_OPT_DURATION, "5s", false,
           "How long a user stays online after the last connection closes"),
};

constexpr sb_option kLimits[] = {
    option("max_request_bytes", SB_OPT_SIZE, "256KiB", false, "Largest request a client may send"),
    option("requests_per_second", SB_OPT_INT, "200", false, "Sustained request rate allowed per connection", 1,
           1000000),
    option("request_burst", SB_OPT_INT, "400", false, "Requests a connection may send at once above the rate", 1,
           10000000),
    option("session_queue", SB_OPT_INT, "1024", false, "Most requests in flight per connection", 1, 1000000),
};

constexpr int64_t kGiB = int64_t{1} << 30;

constexpr sb_option kAttachments[] = {
    option("max_size", SB_OPT_SIZE, "25MiB", false, "Largest file a client may upload", 1, 64 * kGiB),
    option("allowed_types", SB_OPT_STRING_LIST, nullptr, false,
           "Media types a client may upload, exact (application/pdf) or with a wildcard subtype (image/*); "
           "absent: image/*, video/*, audio/*, application/pdf, text/plain, application/octet-stream"),
    option("thumbnail_size", SB_OPT_INT, "320", false,
           "Longest side in pixels of the thumbnail made for an image (JPEG, PNG, WebP, GIF); 0 = no thumbnails", 0,
           4096),
    option("max_image_pixels", SB_OPT_INT, "50000000", false,
           "Images with more pixels than this get no thumbnail (guards against decompression bombs)", 1,
           1'000'000'000),
    option("max_per_message", SB_OPT_INT, "10", false, "Most attachments one message may carry", 1, 100),
};

constexpr sb_option kServerApi[] = {
    option("keys", SB_OPT_STRING_LIST, nullptr, false,
           "API keys of integrators' back ends (at least 32 characters each); absent or empty: the server API is off"),
};

constexpr sb_option kCalls[] = {
    option("ring_timeout", SB_OPT_DURATION, "45s", false,
           "How long an unanswered call rings before it ends with reason timeout (a missed call)", 1, 3600 * kSecond),
    option("reconnect_grace", SB_OPT_DURATION, "10s", false,
           "How long a call waits for a participant whose connection dropped to come back (same user and "
           "device_id) before it ends with reason connection_lost",
           0, 10 * kMinute),
    option("busy_policy", SB_OPT_STRING, "reject", false,
           "An invite to a user already in a call: reject (the caller gets call.ended busy at once) or notify "
           "(the callee gets call.incoming with busy:true)",
           0, 0, "reject|notify"),
    option("max_signal_bytes", SB_OPT_SIZE, "64KiB", false, "Largest `data` of one call.signal (as JSON text)", 1,
           1 << 20),
    option("ice_servers.stun", SB_OPT_STRING_LIST, nullptr, false,
           "STUN URLs handed to clients (stun:host:port); absent: none"),
    option("ice_servers.turn.urls", SB_OPT_STRING_LIST, nullptr, false,
           "TURN URLs handed to clients with per-call credentials (turn:host:3478?transport=udp, turns:…); absent: "
           "no TURN"),
    option("ice_servers.turn.secret", SB_OPT_STRING, nullptr, false,
           "Shared secret of the TURN REST API (coturn's static-auth-secret with use-auth-secret); required with "
           "ice_servers.turn.urls"),
    option("ice_servers.turn.ttl", SB_OPT_DURATION, "6h", false,
           "Lifetime of minted TURN credentials (the username is expiry:user_id)", kSecond, 7 * 24 * 60 * kMinute),
};

constexpr sb_option kPush[] = {
    option("enabled", SB_OPT_BOOL, "true", false,
           "Whether the server sends push notifications (it also needs a storage plugin with the outbox)"),
    option("read_cancel_delay", SB_OPT_DURATION, "2s", false,
           "How long a message's push waits in the outbox; a read on another device meanwhile cancels it", 0,
           10 * kMinute),
    option("hidden_content", SB_OPT_BOOL, "false", false,
           "Send no title or body, only ids and the badge; the app fetches the content when woken"),
    option("preview_chars", SB_OPT_INT, "200", false, "Longest message preview in a notification body, in characters",
           1, 4000),
    option("max_attempts", SB_OPT_INT, "10", false, "Sends tried per notification and device before it is dropped",
           1, 1000),
    option("max_age", SB_OPT_DURATION, "24h", false, "A notification not delivered by then is dropped", kSecond,
           30 * 24 * 60 * kMinute),
    option("backoff_base", SB_OPT_DURATION, "1s", false,
           "Delay before the first retry; it doubles with each attempt (with jitter), at least the provider's "
           "Retry-After",
           10, 60 * kMinute),
    option("backoff_max", SB_OPT_DURATION, "5m", false, "Longest delay between two retries", 10, 24 * 60 * kMinute),
    option("message_ttl", SB_OPT_DURATION, "24h", false, "How long a provider keeps a message notification",
           kSecond, 28 * 24 * 60 * kMinute),
    option("call_ttl", SB_OPT_DURATION, "30s", false,
           "How long a provider keeps an incoming-call notification (after that the call is over)", kSecond,
           10 * kMinute),
    option("poll_interval", SB_OPT_DURATION, "250ms", false, "How often the outbox is checked for due notifications",
           10, kMinute),
    option("batch_size", SB_OPT_INT, "200", false, "Most outbox entries claimed at once", 1, 10000),
    option("claim_lease", SB_OPT_DURATION, "60s", false,
           "A notification being sent and not settled by then (the server stopped) is due again", kSecond,
           60 * kMinute),
};

constexpr KernelSection kSections[] = {
    {"server", kServer},
    {"auth", kAuth},
    {"chat", kChat},
    {"limits", kLimits},
    {"attachments", kAttachments},
    {"server_api", kServerApi},
    {"calls", kCalls},
    {"push", kPush},
};

}  // namespace

std::span<const KernelSection> kernel_sections() {
    return kSections;
}
std::span<const sb_option> server_options() {
    return kServer;
}
std::span<const sb_option> auth_options() {
    return kAuth;
}
std::span<const sb_option> chat_options() {
    return kChat;
}
std::span<const sb_option> limits_options() {
    return kLimits;
}
std::span<const sb_option> attachments_options() {
    return kAttachments;
}
std::span<const sb_option> server_api_options() {
    return kServerApi;
}
std::span<const sb_option> calls_options() {
    return kCalls;
}

}  // namespace switchboard::config
