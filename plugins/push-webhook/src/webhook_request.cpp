#include "webhook_request.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_webhook {

namespace {

const char* priority_name(sb_push_priority p) { return p == SB_PUSH_HIGH ? "high" : "normal"; }

// The app data as an object; a malformed or absent document becomes {}.
nlohmann::json data_object(std::string_view json) {
    nlohmann::json data = nlohmann::json::parse(json, nullptr, false);
    return data.is_object() ? data : nlohmann::json::object();
}

}  // namespace

sdk::push::HttpRequest WebhookRequest::build(const sdk::Notification& n, int64_t unix_seconds) const {
    nlohmann::json doc = {
        {"id", n.id},
        {"user_id", n.user_id},
        {"device_id", n.device_id},
        {"token", n.token},
        {"category", sdk::category_name(n.category)},
        {"priority", priority_name(n.priority)},
        {"ttl", n.ttl_seconds},
        {"title", n.title},
        {"body", n.body},
        {"conversation_id", n.conversation_id},
        {"call_id", n.call_id},
        {"collapse_key", n.collapse_key},
        {"data", data_object(n.data_json)},
        {"created_at", n.created_at_ms},
    };
    doc["badge"] = n.badge >= 0 ? nlohmann::json(n.badge) : nlohmann::json(nullptr);
    std::string body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string timestamp = std::to_string(unix_seconds);
    sdk::push::HttpRequest request;
    request.url = url_;
    request.headers = {"Content-Type: application/json", "X-Switchboard-Timestamp: " + timestamp,
                       "X-Switchboard-Signature: " + signature(secret_, timestamp, body),
                       "X-Switchboard-Notification-Id: " + std::string(n.id)};
    request.body = std::move(body);
    return request;
}

std::string WebhookRequest::signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
    std::string signed_text;
    signed_text.reserve(timestamp.size() + 1 + body.size());
    signed_text.append(timestamp).append(".").append(body);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &mac_len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "v1=";
    for (unsigned int i = 0; i < mac_len; ++i) {
        out.push_back(kHex[mac[i] >> 4]);
        out.push_back(kHex[mac[i] & 0xf]);
    }
    return out;
}

}  // namespace switchboard::plugins::push_webhook
