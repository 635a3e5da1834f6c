#include "notification_line.hpp"

#include <nlohmann/json.hpp>

namespace switchboard::push_log {

namespace {

constexpr size_t kTokenPrefix = 8;

nlohmann::ordered_json object_or_null(std::string_view text) {
    if (text.empty()) return nullptr;
    auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
    return parsed.is_object() ? parsed : nlohmann::ordered_json(std::string(text));
}

}  // namespace

std::string NotificationLine::format(const sdk::Notification& n) {
    std::string token_prefix(n.token.substr(0, kTokenPrefix));
    if (n.token.size() > kTokenPrefix) token_prefix += "...";
    // In the order of sb_notification, for a reader of the log.
    nlohmann::ordered_json line{
        {"id", n.id},
        {"user_id", n.user_id},
        {"device_id", n.device_id},
        {"provider", n.provider},
        {"token", token_prefix},
        {"category", sdk::category_name(n.category)},
        {"priority", n.priority == SB_PUSH_HIGH ? "high" : "normal"},
        {"ttl_seconds", n.ttl_seconds},
        {"title", n.title},
        {"body", n.body},
        {"conversation_id", n.conversation_id},
        {"call_id", n.call_id},
        {"collapse_key", n.collapse_key},
        {"badge", n.badge},
        {"data", object_or_null(n.data_json)},
        {"device_extra", object_or_null(n.device_extra_json)},
        {"created_at_ms", n.created_at_ms},
    };
    // Replace invalid UTF-8 rather than throw: a log line is always written.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace switchboard::push_log
