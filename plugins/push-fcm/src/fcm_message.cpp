#include "fcm_message.hpp"

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_fcm {

namespace {

nlohmann::json string_map(std::string_view data_json) {
    nlohmann::json data = nlohmann::json::object();
    nlohmann::json parsed = nlohmann::json::parse(data_json, nullptr, false);
    if (!parsed.is_object()) return data;
    for (auto& [key, value] : parsed.items())
        data[key] = value.is_string() ? value.get<std::string>()
                                      : value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return data;
}

void set_if_present(nlohmann::json& object, const char* key, std::string_view value) {
    if (!value.empty()) object[key] = value;
}

}  // namespace

std::string FcmMessage::build(const sdk::Notification& n) {
    nlohmann::json data = string_map(n.data_json);
    data["notification_id"] = n.id;
    data["category"] = sdk::category_name(n.category);
    set_if_present(data, "conversation_id", n.conversation_id);
    set_if_present(data, "call_id", n.call_id);
    if (n.badge >= 0) data["badge"] = std::to_string(n.badge);

    bool high = n.priority == SB_PUSH_HIGH;
    nlohmann::json android = {{"priority", high ? "HIGH" : "NORMAL"}};
    if (n.ttl_seconds > 0) android["ttl"] = std::to_string(n.ttl_seconds) + "s";
    set_if_present(android, "collapse_key", n.collapse_key);

    nlohmann::json message = {{"token", n.token}, {"data", data}, {"android", android}};
    bool visible = (n.category == SB_PUSH_MESSAGE || n.category == SB_PUSH_MISSED_CALL) &&
                   (!n.title.empty() || !n.body.empty());
    if (visible) {
        nlohmann::json notification = nlohmann::json::object();
        set_if_present(notification, "title", n.title);
        set_if_present(notification, "body", n.body);
        message["notification"] = notification;
        nlohmann::json android_notification = nlohmann::json::object();
        set_if_present(android_notification, "tag", n.collapse_key);
        if (n.badge >= 0) android_notification["notification_count"] = n.badge;
        message["android"]["notification"] = android_notification;
    }
    nlohmann::json apns_headers = {{"apns-priority", high ? "10" : "5"}};
    if (!n.collapse_key.empty() && n.collapse_key.size() <= 64) apns_headers["apns-collapse-id"] = n.collapse_key;
    nlohmann::json aps = nlohmann::json::object();
    if (n.badge >= 0) aps["badge"] = n.badge;
    if (!visible) aps["content-available"] = 1;
    message["apns"] = {{"headers", apns_headers}, {"payload", {{"aps", aps}}}};
    return nlohmann::json{{"message", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace switchboard::plugins::push_fcm
