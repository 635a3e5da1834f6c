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

void write_message(protocol::JsonWriter& w, const storage::Message& m) {
    w.begin_object()
        .key("conversation_id").value(m.conversation_id)
        .key("message_id").value(m.message_id)
        .key("seq").value(m.seq)
        .key("body").value(m.body)
        .key("sent_at").value(m.sent_at);
    // A message posted by the server API as the system has no sender.
    if (m.sender_id.empty()) w.key("system").value(true);
    else w.key("sender_id").value(m.sender_id);
    if (!m.client_msg_id.empty()) w.key("client_msg_id").value(m.client_msg_id);
    if (!m.extra_json.empty()) w.key("extra").value(json::parse(m.extra_json, nullptr, false));
    if (m.reply_to_seq) w.key("reply_to_seq").value(m.reply_to_seq);
    if (m.edited_at) w.key("edited_at").value(m.edited_at);
    if (m.deleted_at) w.key("deleted_at").value(m.deleted_at);
    if (!m.reactions.empty()) {
        w.key("reactions").begin_array();
        for (const auto& r : m.reactions)
            w.begin_object().key("user_id").value(r.user_id).key("emoji").value(r.emoji).end_object();
        w.end_array();
    }
    if (!m.attachments.empty()) {
        w.key("attachments").begin_array();
        for (const auto& a : m.attachments) w.value(attachment_json(a));
        w.end_array();
    }
    w.end_object();
}

std::string message_text(const storage::Message& m) {
    protocol::JsonWriter w;
    write_message(w, m);
    return w.take();
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
    if (s.last_message) out["last_message"] = json::parse(message_text(*s.last_message));
    return out;
}

json user_json(const storage::User& u) {
    json out{{"user_id", u.user_id}, {"username", u.username}, {"display_name", u.display_name}};
    return out;
}

}  // namespace switchboard::chat
