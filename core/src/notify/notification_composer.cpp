#include "switchboard/notify/notification_composer.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace switchboard::notify {

using nlohmann::json;

namespace {

std::string text(const json& payload, const char* key) {
    auto it = payload.find(key);
    return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string media_word(const std::string& media) { return media == "video" ? "video" : "audio"; }

}  // namespace

std::string NotificationComposer::preview(const std::string& body) const {
    size_t chars = 0;
    for (size_t i = 0; i < body.size(); ++i) {
        // A byte that does not continue a UTF-8 sequence starts a character.
        if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80 && chars++ == settings_.preview_chars)
            return body.substr(0, i) + "\u2026";
    }
    return body;
}

sdk::OwnedNotification NotificationComposer::compose(const storage::OutboxEntry& entry,
                                                     const storage::Device& device) const {
    json payload = json::parse(entry.payload_json.empty() ? "{}" : entry.payload_json, nullptr, false);
    if (!payload.is_object()) throw std::invalid_argument("outbox entry " + entry.entry_id + ": payload is not a JSON object");

    sdk::OwnedNotification n;
    n.id = entry.entry_id;
    n.user_id = entry.user_id;
    n.device_id = device.device_id;
    n.provider = device.provider;
    n.token = device.token;
    n.device_extra_json = device.extra_json;
    n.category = static_cast<sb_push_category>(entry.category);
    n.conversation_id = entry.conversation_id;
    n.call_id = entry.call_id;
    n.created_at_ms = entry.created_at;
    n.badge = payload.value("badge", int64_t{-1});

    const std::string sender = text(payload, "sender_name");
    const std::string title = text(payload, "conversation_title");
    const bool group = text(payload, "conversation_type") == "group";
    json data{{"event", text(payload, "event")}, {"conversation_id", entry.conversation_id}};
    switch (n.category) {
        case SB_PUSH_MESSAGE: {
            n.priority = SB_PUSH_NORMAL;
            n.ttl_seconds = static_cast<uint32_t>(settings_.message_ttl_ms / 1000);
            n.collapse_key = entry.conversation_id;
            n.title = group ? (title.empty() ? sender : title) : sender;
            const std::string body = preview(text(payload, "body"));
            n.body = group && !sender.empty() ? sender + ": " + body : body;
            data["message_id"] = text(payload, "message_id");
            data["seq"] = entry.seq;
            data["sender_id"] = text(payload, "sender_id");
            break;
        }
        case SB_PUSH_CALL:
            n.priority = SB_PUSH_HIGH;
            n.ttl_seconds = static_cast<uint32_t>(settings_.call_ttl_ms / 1000);
            n.collapse_key = entry.call_id;
            n.title = sender;
            n.body = "Incoming " + media_word(text(payload, "media")) + " call";
            break;
        case SB_PUSH_CALL_DISMISS:
            n.priority = SB_PUSH_HIGH;
            n.ttl_seconds = static_cast<uint32_t>(settings_.call_ttl_ms / 1000);
            n.collapse_key = entry.call_id;
            break;
        case SB_PUSH_MISSED_CALL:
            n.priority = SB_PUSH_NORMAL;
            n.ttl_seconds = static_cast<uint32_t>(settings_.message_ttl_ms / 1000);
            n.collapse_key = entry.call_id;
            n.title = sender;
            n.body = "Missed " + media_word(text(payload, "media")) + " call";
            break;
        default:
            throw std::invalid_argument("outbox entry " + entry.entry_id + ": unknown category " +
                                        std::to_string(entry.category));
    }
    if (n.category != SB_PUSH_MESSAGE) {
        data["call_id"] = entry.call_id;
        data["caller_id"] = text(payload, "sender_id");
        data["media"] = text(payload, "media");
        if (n.category == SB_PUSH_CALL_DISMISS) data["reason"] = text(payload, "reason");
    }
    if (settings_.hidden_content) {
        n.title.clear();
        n.body.clear();
    }
    n.data_json = data.dump();
    return n;
}

}  // namespace switchboard::notify
