#include "switchboard/chat/json_views.hpp"

namespace switchboard::chat {

using nlohmann::json;

json attachment_json(const storage::Attachment& a) {
    json out{{"attachment_id", a.attachment_id}, {"content_type", a.content_type}, {"size", a.size},
             {"sha256", a.sha256},               {"has_thumbnail", a.has_thumbnail}};
    if (!a.filename.empty()) out["filename"] = a.filename;
    if (a.width && a.height) {
        out["width"] = a.width;
        out["height"] = a.height;
    }
    return out;
}

json message_json(const storage::Message& m) {
    json out{{"conversation_id", m.conversation_id}, {"message_id", m.message_id}, {"seq", m.seq},
             {"body", m.body},                       {"sent_at", m.sent_at}};
    // A message posted by the server API as the system has no sender.
    if (m.sender_id.empty()) out["system"] = true;
    else out["sender_id"] = m.sender_id;
    if (!m.client_msg_id.empty()) out["client_msg_id"] = m.client_msg_id;
    if (!m.extra_json.empty()) out["extra"] = json::parse(m.extra_json, nullptr, false);
    if (m.reply_to_seq) out["reply_to_seq"] = m.reply_to_seq;
    if (m.edited_at) out["edited_at"] = m.edited_at;
    if (m.deleted_at) out["deleted_at"] = m.deleted_at;
    if (!m.reactions.empty()) {
        json reactions = json::array();
        for (const auto& r : m.reactions) reactions.push_back({{"user_id", r.user_id}, {"emoji", r.emoji}});
        out["reactions"] = std::move(reactions);
    }
    if (!m.attachments.empty()) {
        json attachments = json::array();
        for (const auto& a : m.attachments) attachments.push_back(attachment_json(a));
        out["attachments"] = std::move(attachments);
    }
    return out;
}

json member_json(const storage::Member& m) {
    return json{{"user_id", m.user_id},
                {"role", m.role},
                {"delivered_seq", m.delivered_seq},
                {"read_seq", m.read_seq}};
}

json conversation_json(const storage::Conversation& c) {
    json members = json::array();
    for (const auto& m : c.members) members.push_back(member_json(m));
    json out{{"conversation_id", c.conversation_id}, {"type", c.type},       {"members", std::move(members)},
             {"last_seq", c.last_seq},               {"created_by", c.created_by}, {"created_at", c.created_at}};
    if (!c.title.empty()) out["title"] = c.title;
    return out;
}

json summary_json(const storage::ConversationSummary& s) {
    json out = conversation_json(s.conversation);
    out["read_seq"] = s.read_seq;
    out["delivered_seq"] = s.delivered_seq;
    out["unread"] = s.unread;
    if (s.last_message) out["last_message"] = message_json(*s.last_message);
    return out;
}

json user_json(const storage::User& u) {
    json out{{"user_id", u.user_id}, {"username", u.username}, {"display_name", u.display_name}};
    return out;
}

}  // namespace switchboard::chat
