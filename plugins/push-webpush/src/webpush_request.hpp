#pragma once

#include <chrono>
#include <string>
#include <variant>

#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http_request.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"
#include "vapid_signer.hpp"

namespace switchboard::plugins::push_webpush {

// The RFC 8030 request of one notification to its subscription: POST to the
// endpoint (the device token) with TTL (the notification's, else
// default_ttl), Urgency (high for high-priority notifications, else normal),
// Topic (the collapse key when it is 1–32 base64url characters, else a
// digest of it), Content-Encoding aes128gcm, the VAPID Authorization, and
// the encrypted JSON {id, category, title, body, conversation_id, call_id,
// badge, data, created_at} the service worker reads (without "data" when
// the whole would not fit one record).
class WebPushRequest {
public:
    WebPushRequest(VapidSigner& vapid, std::chrono::seconds default_ttl) : vapid_(vapid), default_ttl_(default_ttl) {}

    // The request, or the outcome to report without sending (rejected): a
    // token that is not an http(s) URL, a device without valid {"keys":
    // {p256dh, auth}}, a payload that cannot fit.
    std::variant<sdk::push::HttpRequest, sdk::push::PushOutcome> build(const sdk::Notification& n) const;

    // The Topic header for a collapse key ("" for none).
    static std::string topic(std::string_view collapse_key);

private:
    VapidSigner& vapid_;
    std::chrono::seconds default_ttl_;
};

}  // namespace switchboard::plugins::push_webpush
