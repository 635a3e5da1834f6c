#include "stores/conversation_store.hpp"

#include <algorithm>
#include <map>

#include "db/row.hpp"
#include "stores/attachment_store.hpp"
#include "stores/message_store.hpp"
#include "switchboard/sdk/storage/conversation_summary.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;
using sdk::storage::Conversation;
using sdk::storage::ConversationSummary;
using sdk::storage::Member;

namespace {

Member read_member(const db::Row& row, int first) {
    return Member{row.text(first), row.text(first + 1), row.integer(first + 2), row.seq(first + 3),
                  row.seq(first + 4)};
}

}  // namespace

std::optional<Conversation> ConversationStore::load(const std::string& conversation_id) {
    pqxx::result rows = db_.query(
                               "SELECT c.conversation_id, c.type, c.title, c.created_by, c.created_at, c.last_seq,"
                               " m.user_id, m.role, m.joined_at, m.delivered_seq, m.read_seq"
                               " FROM conversations c LEFT JOIN members m ON m.conversation_id = c.conversation_id"
                               " WHERE c.conversation_id = $1 ORDER BY m.joined_at, m.user_id")
                            .text(conversation_id)
                            .run();
    if (rows.empty()) return std::nullopt;
    db::Row first(rows[0]);
    Conversation conversation{first.text(0), first.text(1), first.text(2), first.text(3),
                              first.integer(4), first.seq(5), {}};
    for (const auto& r : rows) {
        db::Row row(r);
        if (!row.is_null(6)) conversation.members.push_back(read_member(row, 6));
    }
    return conversation;
}

std::optional<uint64_t> ConversationStore::last_seq(const std::string& conversation_id) {
    pqxx::result rows =
        db_.query("SELECT last_seq FROM conversations WHERE conversation_id = $1 FOR UPDATE").text(conversation_id).run();
    if (rows.empty()) return std::nullopt;
    return db::Row(rows[0]).seq(0);
}

Reply ConversationStore::reply_with(const std::string& conversation_id) {
    if (auto conversation = load(conversation_id)) return Reply::conversation(std::move(*conversation));
    return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
}

void ConversationStore::upsert_member(const std::string& conversation_id, const Member& member, uint64_t last_seq) {
    db_.query(
           "INSERT INTO members (conversation_id, user_id, role, joined_at, delivered_seq, read_seq)"
           " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role")
        .text(conversation_id)
        .text(member.user_id)
        .text(member.role)
        .integer(member.joined_at)
        .seq(std::min(std::max(member.delivered_seq, member.read_seq), last_seq))
        .seq(std::min(member.read_seq, last_seq))
        .run();
}

Reply ConversationStore::create(const Conversation& conversation, const std::string& direct_key) {
    if (!direct_key.empty()) {
        pqxx::result existing =
            db_.query("SELECT conversation_id FROM conversations WHERE direct_key = $1").text(direct_key).run();
        if (!existing.empty()) return reply_with(db::Row(existing[0]).text(0));
    }
    std::optional<std::string> key;
    if (!direct_key.empty()) key = direct_key;
    pqxx::result inserted = db_.query(
                                   "INSERT INTO conversations (conversation_id, type, title, created_by, created_at,"
                                   " direct_key, last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, $5)"
                                   " ON CONFLICT DO NOTHING")
                                .text(conversation.conversation_id)
                                .text(conversation.type)
                                .text(conversation.title)
                                .text(conversation.created_by)
                                .integer(conversation.created_at)
                                .optional_text(key)
                                .run();
    if (inserted.affected_rows() == 0) {
        // Another server may have created this direct conversation since the lookup above.
        if (key) {
            pqxx::result existing =
                db_.query("SELECT conversation_id FROM conversations WHERE direct_key = $1").text(*key).run();
            if (!existing.empty()) return reply_with(db::Row(existing[0]).text(0));
        }
        return Reply::fail(SB_ERR_CONFLICT, "a conversation with this id exists");
    }
    for (const Member& member : conversation.members) upsert_member(conversation.conversation_id, member, 0);
    return reply_with(conversation.conversation_id);
}

Reply ConversationStore::get(const std::string& conversation_id) {
    return reply_with(conversation_id);
}

Reply ConversationStore::list_for(const std::string& user_id) {
    // Four queries whatever the number of conversations: the rows with
    // unread counts, every member of them, their last messages (with
    // reactions), and those messages' attachments.
    std::vector<ConversationSummary> summaries;
    std::map<std::string, size_t> index;
    {
        pqxx::result rows = db_.query(
                                   "SELECT c.conversation_id, c.type, c.title, c.created_by, c.created_at, c.last_seq,"
                                   " m.delivered_seq, m.read_seq,"
                                   " (SELECT count(*) FROM messages msg WHERE msg.conversation_id = c.conversation_id"
                                   "  AND msg.seq > m.read_seq AND msg.sender_id <> $1 AND msg.deleted_at = 0)"
                                   " FROM members m JOIN conversations c ON c.conversation_id = m.conversation_id"
                                   " WHERE m.user_id = $1 ORDER BY c.last_activity_at DESC, c.created_order DESC")
                                .text(user_id)
                                .run();
        summaries.reserve(rows.size());
        for (const auto& r : rows) {
            db::Row row(r);
            ConversationSummary& summary = summaries.emplace_back();
            summary.conversation =
                Conversation{row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.seq(5), {}};
            summary.delivered_seq = row.seq(6);
            summary.read_seq = row.seq(7);
            summary.unread = row.seq(8);
            index.emplace(summary.conversation.conversation_id, summaries.size() - 1);
        }
    }
    if (summaries.empty()) return Reply::summaries(std::move(summaries));
    {
        pqxx::result rows = db_.query(
                                   "SELECT o.conversation_id, o.user_id, o.role, o.joined_at, o.delivered_seq, o.read_seq"
                                   " FROM members m JOIN members o ON o.conversation_id = m.conversation_id"
                                   " WHERE m.user_id = $1 ORDER BY o.conversation_id, o.joined_at, o.user_id")
                                .text(user_id)
                                .run();
        for (const auto& r : rows) {
            db::Row row(r);
            summaries[index.at(row.text(0))].conversation.members.push_back(read_member(row, 1));
        }
    }
    {
        pqxx::result rows =
            db_.query(
                   "SELECT m.conversation_id, m.message_id, m.seq, m.sender_id, m.client_msg_id, m.body, m.extra_json,"
                   " m.reply_to_seq, m.sent_at, m.edited_at, m.deleted_at, r.user_id, r.emoji, r.created_at"
                   " FROM members mine JOIN conversations c ON c.conversation_id = mine.conversation_id"
                   " JOIN messages m ON m.conversation_id = c.conversation_id AND m.seq = c.last_seq"
                   " LEFT JOIN reactions r ON r.conversation_id = m.conversation_id AND r.seq = m.seq"
                   " WHERE mine.user_id = $1 ORDER BY m.conversation_id, r.created_at, r.user_id, r.emoji")
                .text(user_id)
                .run();
        std::vector<sdk::storage::Message*> last_messages;
        for (auto& message : MessageStore::read_messages(rows)) {
            auto& last = summaries[index.at(message.conversation_id)].last_message;
            last = std::move(message);
            last_messages.push_back(&*last);
        }
        AttachmentStore(db_).attach_to_last_messages(user_id, last_messages);
    }
    return Reply::summaries(std::move(summaries));
}

Reply ConversationStore::update_title(const std::string& conversation_id, const std::string& title) {
    pqxx::result updated = db_.query("UPDATE conversations SET title = $2 WHERE conversation_id = $1")
                               .text(conversation_id)
                               .text(title)
                               .run();
    if (updated.affected_rows() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
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
    pqxx::result deleted = db_.query("DELETE FROM members WHERE conversation_id = $1 AND user_id = $2")
                               .text(conversation_id)
                               .text(user_id)
                               .run();
    if (deleted.affected_rows() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "not a member of this conversation");
    return reply_with(conversation_id);
}

}  // namespace switchboard::plugins::storage_postgres::stores
