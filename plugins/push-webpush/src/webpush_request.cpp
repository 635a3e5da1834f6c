#include "webpush_request.hpp"

#include <openssl/sha.h>

#include <nlohmann/json.hpp>

#include "payload_encryption.hpp"
#include "switchboard/sdk/push/base64_url.hpp"

namespace switchboard::plugins::push_webpush {

using sdk::push::Base64Url;
using sdk::push::PushOutcome;

namespace {

// "https://push.example.net:8443/send/abc" -> "https://push.example.net:8443"; "" when not an http(s) URL.
std::string origin_of(std::string_view url) {
    size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return "";
    std::string_view name = url.substr(0, scheme);
    if (name != "https" && name != "http") return "";
    size_t path = url.find('/', scheme + 3);
    std::string_view origin = url.substr(0, path);
    if (origin.size() <= scheme + 3 || origin.find_first_of("?# @") != std::string_view::npos) return "";
    return std::string(origin);
}

std::string payload(const sdk::Notification& n, bool with_data) {
    nlohmann::json doc = {{"id", n.id},
                          {"category", sdk::category_name(n.category)},
                          {"title", n.title},
                          {"body", n.body},
                          {"conversation_id", n.conversation_id},
                          {"call_id", n.call_id},
                          {"created_at", n.created_at_ms}};
    doc["badge"] = n.badge >= 0 ? nlohmann::json(n.badge) : nlohmann::json(nullptr);
    if (with_data) {
        nlohmann::json data = nlohmann::json::parse(n.data_json, nullptr, false);
        doc["data"] = data.is_object() ? data : nlohmann::json::object();
    }
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string WebPushRequest::topic(std::string_view collapse_key) {
    if (collapse_key.empty()) return "";
    bool usable = collapse_key.size() <= 32;
    for (char c : collapse_key) usable = usable && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
    if (usable) return std::string(collapse_key);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(collapse_key.data()), collapse_key.size(), digest);
    return Base64Url::encode(std::string_view(reinterpret_cast<char*>(digest), sizeof(digest))).substr(0, 32);
}

std::variant<sdk::push::HttpRequest, PushOutcome> WebPushRequest::build(const sdk::Notification& n) const {
    std::string origin = origin_of(n.token);
    if (origin.empty()) return PushOutcome::rejected(0, "endpoint is not an http(s) URL");
    nlohmann::json extra = nlohmann::json::parse(n.device_extra_json, nullptr, false);
    const nlohmann::json* keys = extra.is_object() && extra.contains("keys") ? &extra["keys"] : nullptr;
    std::optional<std::string> p256dh, auth;
    if (keys && keys->is_object() && keys->contains("p256dh") && keys->contains("auth") && (*keys)["p256dh"].is_string() &&
        (*keys)["auth"].is_string()) {
        p256dh = Base64Url::decode((*keys)["p256dh"].get<std::string>());
        auth = Base64Url::decode((*keys)["auth"].get<std::string>());
    }
    if (!p256dh || !auth || p256dh->size() != 65 || auth->size() != 16)
        return PushOutcome::rejected(0, "subscription has no valid keys.p256dh and keys.auth");

    std::string plaintext = payload(n, true);
    if (plaintext.size() > PayloadEncryption::kMaxPlaintext) plaintext = payload(n, false);
    if (plaintext.size() > PayloadEncryption::kMaxPlaintext) return PushOutcome::rejected(0, "payload too large");
    sdk::push::HttpRequest request;
    try {
        request.body = PayloadEncryption::encrypt(plaintext, *p256dh, *auth);
    } catch (const std::invalid_argument& e) {
        return PushOutcome::rejected(0, std::string("subscription keys: ") + e.what());
    }
    request.url = std::string(n.token);
    auto ttl = n.ttl_seconds > 0 ? std::chrono::seconds(n.ttl_seconds) : default_ttl_;
    request.headers = {"TTL: " + std::to_string(ttl.count()),
                       std::string("Urgency: ") + (n.priority == SB_PUSH_HIGH ? "high" : "normal"),
                       "Content-Encoding: aes128gcm", "Content-Type: application/octet-stream",
                       "Authorization: " + vapid_.authorization(origin)};
    if (std::string t = topic(n.collapse_key); !t.empty()) request.headers.push_back("Topic: " + t);
    return request;
}

}  // namespace switchboard::plugins::push_webpush
