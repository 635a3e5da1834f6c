#include "switchboard/chat/chat_settings.hpp"

#include "switchboard/config/section.hpp"

namespace switchboard::chat {

ChatSettings ChatSettings::from(const config::Section& chat, const config::Section& attachments) {
    ChatSettings s;
    s.max_body_bytes = static_cast<size_t>(chat.integer("max_body_bytes").value_or(s.max_body_bytes));
    s.max_extra_bytes = static_cast<size_t>(chat.integer("max_extra_bytes").value_or(s.max_extra_bytes));
    s.history_max_limit = static_cast<uint32_t>(chat.integer("history_max_limit").value_or(s.history_max_limit));
    s.edit_window_ms = chat.integer("edit_window").value_or(s.edit_window_ms);
    s.typing_ttl_ms = chat.integer("typing_ttl").value_or(s.typing_ttl_ms);
    s.max_group_members = static_cast<size_t>(chat.integer("max_group_members").value_or(s.max_group_members));
    s.presence_grace_ms = chat.integer("presence_grace").value_or(s.presence_grace_ms);
    s.max_attachments_per_message =
        static_cast<size_t>(attachments.integer("max_per_message").value_or(s.max_attachments_per_message));
    return s;
}

}  // namespace switchboard::chat
