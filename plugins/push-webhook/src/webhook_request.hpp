#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http_request.hpp"

namespace switchboard::plugins::push_webhook {

// Builds the signed POST of one notification:
//   body: {"id","user_id","device_id","token","category","priority","ttl",
//          "title","body","conversation_id","call_id","collapse_key","badge",
//          "data","created_at"}
//   X-Switchboard-Timestamp: unix seconds
//   X-Switchboard-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>
//   X-Switchboard-Notification-Id: the idempotency key (stable across retries)
class WebhookRequest {
public:
    WebhookRequest(std::string url, std::string secret) : url_(std::move(url)), secret_(std::move(secret)) {}

    sdk::push::HttpRequest build(const sdk::Notification& n, int64_t unix_seconds) const;

    // The signature header's value for `timestamp` and `body`.
    static std::string signature(std::string_view secret, std::string_view timestamp, std::string_view body);

private:
    std::string url_;
    std::string secret_;
};

}  // namespace switchboard::plugins::push_webhook
