#include "stores/conversation_store.hpp"

#include <algorithm>

#include "stores/message_store.hpp"
#include "switchboard/sdk/storage/conversation_summary.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;
using sdk::storage::Conversation;
using sdk::storage::ConversationSummary;
using sdk::storage::Member;

std::optional<Conversation> ConversationStore::load(const std::string& conversation_id) {
    Conversation conversation;
    {
        db::Query query = db_.query(
            "SELECT conversation_id, type, title, created_by, created_at,"
            " (SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?1)"
            " FROM conversations WHERE conversation_id = ?1");
        query.bind_text(1, conversation_id);
        if (!query.next()) return std::nullopt;
        conversation.conversation_id = query.column_text(0);
        conversation.type = query.column_text(1);
        conversation.title = query.column_text(2);
        conversation.created_by = query.column_text(3);
        conversation.created_at = query.column_int(4);
        conversation.last_seq = query.column_seq(5);
    }
    db::Query members = db_.query(
        "SELECT user_id, role, joined_at, delivered_seq, read_seq FROM members"
        " WHERE conversation_id = ?1 ORDER BY joined_at, user_id");
    members.bind_text(1, conversation_id);
    while (members.next())
        conversation.members.push_back(Member{members.column_text(0), members.column_text(1), members.column_int(2),
                                              members.column_seq(3), members.column_seq(4)});
    return conversation;
}

std::optional<uint64_t> ConversationStore::last_seq(const std::string& conversation_id) {
    db::Query query = db_.query(
        "SELECT (SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?1)"
        " FROM conversations WHERE conversation_id = ?1");
    query.bind_text(1, conversation_id);
    if (!query.next()) return std::nullopt;
    return query.column_seq(0);
}

Reply ConversationStore::reply_with(const std::string& conversation_id) {
    if (auto conversation = load(conversation_id)) return Reply::conversation(std::move(*conversation));
    return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
}

void ConversationStore::upsert_member(const std::string& conversation_id, const Member& member, uint64_t last_seq) {
    db_.query(
           "INSERT INTO members (conversation_id, user_id, role, joined_at, delivered_seq, read_seq)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role")
        .bind_text(1, conversation_id)
        .bind_text(2, member.user_id)
        .bind_text(3, member.role)
        .bind_int(4, member.joined_at)
        .bind_seq(5, std::min(std::max(member.delivered_seq, member.read_seq), last_seq))
        .bind_seq(6, std::min(member.read_seq, last_seq))
        .run();
}

Reply ConversationStore::create(const Conversation& conversation, const std::string& direct_key) {
    if (!direct_key.empty()) {
        std::optional<std::string> existing;
        {
            db::Query query = db_.query("SELECT conversation_id FROM conversations WHERE direct_key = ?1");
            query.bind_text(1, direct_key);
            if (query.next()) existing = query.column_text(0);
        }
        if (existing) return reply_with(*existing);
    }
    std::optional<std::string> key;
    if (!direct_key.empty()) key = direct_key;
    db_.query(
           "INSERT INTO conversations (conversation_id, type, title, created_by, created_at, direct_key)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
        .bind_text(1, conversation.conversation_id)
        .bind_text(2, conversation.type)
        .bind_text(3, conversation.title)
        .bind_text(4, conversation.created_by)
        .bind_int(5, conversation.created_at)
        .bind_optional_text(6, key)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_CONFLICT, "a conversation with this id exists");
    for (const Member& member : conversation.members) upsert_member(conversation.conversation_id, member, 0);
    return reply_with(conversation.conversation_id);
}

Reply ConversationStore::get(const std::string& conversation_id) {
    return reply_with(conversation_id);
}

uint64_t ConversationStore::count_unread(const std::string& conversation_id, const std::string& user_id,
                                         uint64_t read_seq) {
    db::Query query = db_.query(
        "SELECT count(*) FROM messages"
        " WHERE conversation_id = ?1 AND seq > ?2 AND sender_id <> ?3 AND deleted_at = 0");
    query.bind_text(1, conversation_id).bind_seq(2, read_seq).bind_text(3, user_id);
    return query.next() ? query.column_seq(0) : 0;
}

Reply ConversationStore::list_for(const std::string& user_id) {
    std::vector<ConversationSummary> summaries;
    {
        // Last activity: the newest message, else the creation. rowid breaks
        // ties between conversations active in the same millisecond: the one
        // created later comes first.
        db::Query query = db_.query(
            "SELECT c.conversation_id, m.delivered_seq, m.read_seq"
            " FROM members m JOIN conversations c ON c.conversation_id = m.conversation_id"
            " WHERE m.user_id = ?1"
            " ORDER BY coalesce((SELECT sent_at FROM messages x WHERE x.conversation_id = c.conversation_id"
            " ORDER BY x.seq DESC LIMIT 1), c.created_at) DESC, c.rowid DESC");
        query.bind_text(1, user_id);
        while (query.next()) {
            ConversationSummary summary;
            summary.conversation.conversation_id = query.column_text(0);
            summary.delivered_seq = query.column_seq(1);
            summary.read_seq = query.column_seq(2);
            summaries.push_back(std::move(summary));
        }
    }
    MessageStore messages(db_);
    for (ConversationSummary& summary : summaries) {
        summary.conversation = *load(summary.conversation.conversation_id);
        const Conversation& c = summary.conversation;
        summary.unread = count_unread(c.conversation_id, user_id, summary.read_seq);
        if (c.last_seq > 0) summary.last_message = messages.load(c.conversation_id, c.last_seq);
    }
    return Reply::summaries(std::move(summaries));
}

Reply ConversationStore::update_title(const std::string& conversation_id, const std::string& title) {
    db_.query("UPDATE conversations SET title = ?2 WHERE conversation_id = ?1")
        .bind_text(1, conversation_id)
        .bind_text(2, title)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
    return reply_with(conversation_id);
}

Reply ConversationStore::upsert_members(const std::string& conversation_id, const std::vector<Member>& members) {
    auto last = last_seq(conversation_id);
    if (!last) return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
    for (const Member& member : members) upsert_member(conversation_id, member, *last);
    return reply_with(conversation_id);
}

Reply ConversationStore::remove_member(const std::string& conversation_id, const std::string& user_id) {
    if (!last_seq(conversation_id)) return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
    db_.query("DELETE FROM members WHERE conversation_id = ?1 AND user_id = ?2")
        .bind_text(1, conversation_id)
        .bind_text(2, user_id)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "not a member of this conversation");
    return reply_with(conversation_id);
}

}  // namespace switchboard::plugins::storage_sqlite::stores
