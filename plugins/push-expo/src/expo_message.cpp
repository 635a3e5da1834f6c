#include "expo_message.hpp"

namespace switchboard::plugins::push_expo {

bool ExpoMessage::is_expo_token(std::string_view token) {
    for (std::string_view prefix : {"ExponentPushToken[", "ExpoPushToken["})
        if (token.size() > prefix.size() + 1 && token.substr(0, prefix.size()) == prefix && token.back() == ']') return true;
    return false;
}

nlohmann::json ExpoMessage::build(const sdk::Notification& n) {
    nlohmann::json data = nlohmann::json::parse(n.data_json, nullptr, false);
    if (!data.is_object()) data = nlohmann::json::object();
    data["notification_id"] = n.id;
    data["category"] = sdk::category_name(n.category);
    if (!n.conversation_id.empty()) data["conversation_id"] = n.conversation_id;
    if (!n.call_id.empty()) data["call_id"] = n.call_id;
    if (!n.collapse_key.empty()) data["collapse_key"] = n.collapse_key;
    nlohmann::json m = {{"to", n.token}, {"data", data}, {"priority", n.priority == SB_PUSH_HIGH ? "high" : "normal"}};
    bool visible = n.category == SB_PUSH_MESSAGE || n.category == SB_PUSH_MISSED_CALL;
    if (visible && !n.title.empty()) m["title"] = n.title;
    if (visible && !n.body.empty()) m["body"] = n.body;
    if (visible && (!n.title.empty() || !n.body.empty())) m["sound"] = "default";
    if (n.badge >= 0) m["badge"] = n.badge;
    if (n.ttl_seconds > 0) m["ttl"] = n.ttl_seconds;
    return m;
}

}  // namespace switchboard::plugins::push_expo
