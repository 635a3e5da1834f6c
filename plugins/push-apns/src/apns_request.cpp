#include "apns_request.hpp"

#include <openssl/sha.h>

#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_apns {

namespace {

enum class PushType { alert, background, voip };

const char* name(PushType t) {
    switch (t) {
        case PushType::alert: return "alert";
        case PushType::background: return "background";
        case PushType::voip: return "voip";
    }
    return "alert";
}

std::string extra_string(const nlohmann::json& extra, const char* key) {
    auto it = extra.find(key);
    return it != extra.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A device token is hex (64 characters today); anything else would also change the request's path.
bool is_hex(std::string_view token) {
    if (token.empty()) return false;
    for (char c : token)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

// apns-id must be a UUID; the notification id (stable across retries) is
// hashed into one (version 8, RFC 9562's custom layout), so each attempt of
// a notification carries the same apns-id.
std::string apns_id(std::string_view notification_id) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(notification_id.data()), notification_id.size(), digest);
    digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x80);
    digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof(text), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", digest[0],
                  digest[1], digest[2], digest[3], digest[4], digest[5], digest[6], digest[7], digest[8], digest[9],
                  digest[10], digest[11], digest[12], digest[13], digest[14], digest[15]);
    return text;
}

}  // namespace

std::optional<sdk::push::HttpRequest> ApnsRequest::build(const sdk::Notification& n, const std::string& provider_token,
                                                         int64_t unix_seconds) const {
    nlohmann::json extra = nlohmann::json::parse(n.device_extra_json, nullptr, false);
    if (!extra.is_object()) extra = nlohmann::json::object();
    std::string voip_token = extra_string(extra, "voip_token");
    std::string environment = extra_string(extra, "environment");
    bool sandbox = environment.empty() ? config_.sandbox_by_default : environment == "sandbox";

    bool call = n.category == SB_PUSH_CALL || n.category == SB_PUSH_CALL_DISMISS;
    bool has_text = !n.title.empty() || !n.body.empty();
    PushType type = call && !voip_token.empty() ? PushType::voip : has_text ? PushType::alert : PushType::background;
    std::string device_token = type == PushType::voip ? voip_token : std::string(n.token);
    if (!is_hex(device_token)) return std::nullopt;

    nlohmann::json aps = nlohmann::json::object();
    if (type == PushType::alert) {
        nlohmann::json alert = nlohmann::json::object();
        if (!n.title.empty()) alert["title"] = n.title;
        if (!n.body.empty()) alert["body"] = n.body;
        aps["alert"] = alert;
        aps["sound"] = "default";
        if (!n.conversation_id.empty()) aps["thread-id"] = n.conversation_id;
    } else if (type == PushType::background) {
        aps["content-available"] = 1;
    }
    if (n.badge >= 0 && type != PushType::voip) aps["badge"] = n.badge;
    nlohmann::json payload = {{"aps", aps}, {"notification_id", n.id}, {"category", sdk::category_name(n.category)}};
    if (!n.conversation_id.empty()) payload["conversation_id"] = n.conversation_id;
    if (!n.call_id.empty()) payload["call_id"] = n.call_id;
    nlohmann::json data = nlohmann::json::parse(n.data_json, nullptr, false);
    if (data.is_object()) payload["data"] = data;

    sdk::push::HttpRequest request;
    request.url = (sandbox ? config_.sandbox_url : config_.production_url) + "/3/device/" + device_token;
    request.headers = {"authorization: bearer " + provider_token,
                       std::string("apns-push-type: ") + name(type),
                       "apns-topic: " + config_.bundle_id + (type == PushType::voip ? ".voip" : ""),
                       std::string("apns-priority: ") + (type == PushType::background ? "5" : "10"),
                       "apns-id: " + apns_id(n.id),
                       "content-type: application/json"};
    if (n.ttl_seconds > 0) request.headers.push_back("apns-expiration: " + std::to_string(unix_seconds + n.ttl_seconds));
    if (!n.collapse_key.empty() && n.collapse_key.size() <= 64)
        request.headers.push_back("apns-collapse-id: " + std::string(n.collapse_key));
    request.body = payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return request;
}

}  // namespace switchboard::plugins::push_apns
