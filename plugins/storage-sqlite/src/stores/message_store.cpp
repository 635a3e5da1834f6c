#include "stores/message_store.hpp"

#include <algorithm>
#include <limits>

#include "stores/attachment_store.hpp"
#include "stores/outbox_store.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;
using sdk::storage::Message;
using sdk::storage::Reaction;

#define MESSAGE_COLUMNS                                                                                                \
    "conversation_id, message_id, seq, sender_id, client_msg_id, body, extra_json, reply_to_seq, sent_at, edited_at, " \
    "deleted_at"

namespace {
constexpr uint64_t kNoUpperBound = std::numeric_limits<int64_t>::max();
}

Message MessageStore::read_row(const db::Query& row) {
    Message m;
    m.conversation_id = row.column_text(0);
    m.message_id = row.column_text(1);
    m.seq = row.column_seq(2);
    m.sender_id = row.column_text(3);
    m.client_msg_id = row.column_text(4);
    m.body = row.column_text(5);
    m.extra_json = row.column_text(6);
    m.reply_to_seq = row.column_seq(7);
    m.sent_at = row.column_int(8);
    m.edited_at = row.column_int(9);
    m.deleted_at = row.column_int(10);
    return m;
}

void MessageStore::attach_reactions(std::vector<Message>& messages) {
    if (messages.empty()) return;
    db::Query query = db_.query(
        "SELECT seq, user_id, emoji, created_at FROM reactions"
        " WHERE conversation_id = ?1 AND seq BETWEEN ?2 AND ?3"
        " ORDER BY seq, created_at, user_id, emoji");
    query.bind_text(1, messages.front().conversation_id)
        .bind_seq(2, messages.front().seq)
        .bind_seq(3, messages.back().seq);
    auto message = messages.begin();
    while (query.next()) {
        uint64_t seq = query.column_seq(0);
        while (message != messages.end() && message->seq < seq) ++message;
        if (message == messages.end()) break;
        if (message->seq == seq)
            message->reactions.push_back(Reaction{query.column_text(1), query.column_text(2), query.column_int(3)});
    }
}

std::optional<Message> MessageStore::load(const std::string& conversation_id, uint64_t seq) {
    std::vector<Message> found;
    {
        db::Query query = db_.query("SELECT " MESSAGE_COLUMNS " FROM messages WHERE conversation_id = ?1 AND seq = ?2");
        query.bind_text(1, conversation_id).bind_seq(2, seq);
        if (!query.next()) return std::nullopt;
        found.push_back(read_row(query));
    }
    attach_reactions(found);
    AttachmentStore(db_).attach_to(found);
    return std::move(found.front());
}

Reply MessageStore::append(Message message, const std::vector<sdk::storage::OutboxEntry>& notify, NewestSeqs* newest) {
    if (std::optional<uint64_t> known = newest ? newest->find(message.conversation_id) : std::nullopt) {
        message.seq = *known + 1;
    } else {
        // Only this thread writes, so the newest seq cannot change before the insert.
        db::Query last = db_.query(
            "SELECT (SELECT coalesce(max(seq), 0) FROM messages WHERE conversation_id = ?1)"
            " FROM conversations WHERE conversation_id = ?1");
        last.bind_text(1, message.conversation_id);
        if (!last.next()) return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
        message.seq = last.column_seq(0) + 1;
    }
    AttachmentStore attachments(db_);
    if (!attachments.resolve(message.attachments)) return Reply::fail(SB_ERR_NOT_FOUND, "no such attachment");
    // The unique index on client_msg_id finds a resend while inserting, which
    // spares a lookup before every insert; a resend inserts nothing.
    db_.query(
           "INSERT OR IGNORE INTO messages (conversation_id, message_id, seq, sender_id, client_msg_id, body,"
           " extra_json, reply_to_seq, sent_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
        .bind_text(1, message.conversation_id)
        .bind_text(2, message.message_id)
        .bind_seq(3, message.seq)
        .bind_text(4, message.sender_id)
        .bind_text(5, message.client_msg_id)
        .bind_text(6, message.body)
        .bind_text(7, message.extra_json)
        .bind_seq(8, message.reply_to_seq)
        .bind_int(9, message.sent_at)
        .run();
    if (db_.changes() == 0) return original(message);
    attachments.link(message.conversation_id, message.seq, message.attachments);
    if (!notify.empty()) OutboxStore(db_).queue(notify, message.seq);
    if (newest) newest->remember(message.conversation_id, message.seq);
    return Reply::appended(std::move(message), false);
}

Reply MessageStore::original(const Message& resent) {
    std::optional<uint64_t> original_seq;
    if (!resent.client_msg_id.empty()) {
        // The last term lets SQLite use the partial index on client_msg_id.
        db::Query query = db_.query(
            "SELECT seq FROM messages WHERE conversation_id = ?1 AND sender_id = ?2"
            " AND client_msg_id = ?3 AND client_msg_id <> ''");
        query.bind_text(1, resent.conversation_id).bind_text(2, resent.sender_id).bind_text(3, resent.client_msg_id);
        if (query.next()) original_seq = query.column_seq(0);
    }
    // Anything else ignored would be a seq taken already: a broken invariant, not a resend.
    if (!original_seq)
        return Reply::fail(SB_ERR_INTERNAL, "seq " + std::to_string(resent.seq) + " of conversation " +
                                                resent.conversation_id + " is taken");
    return Reply::appended(*load(resent.conversation_id, *original_seq), true);
}

Reply MessageStore::history(const std::string& conversation_id, uint64_t after_seq, uint64_t before_seq,
                            uint32_t limit) {
    std::vector<Message> messages;
    uint64_t upper = before_seq > 0 ? before_seq : kNoUpperBound;
    if (after_seq > 0) {
        db::Query query = db_.query("SELECT " MESSAGE_COLUMNS
                                    " FROM messages"
                                    " WHERE conversation_id = ?1 AND seq > ?2 AND seq < ?3 ORDER BY seq LIMIT ?4");
        query.bind_text(1, conversation_id).bind_seq(2, after_seq).bind_seq(3, upper).bind_int(4, limit);
        while (query.next()) messages.push_back(read_row(query));
    } else {
        db::Query query = db_.query("SELECT " MESSAGE_COLUMNS
                                    " FROM messages"
                                    " WHERE conversation_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3");
        query.bind_text(1, conversation_id).bind_seq(2, upper).bind_int(3, limit);
        while (query.next()) messages.push_back(read_row(query));
        std::reverse(messages.begin(), messages.end());
    }
    attach_reactions(messages);
    AttachmentStore(db_).attach_to(messages);
    return Reply::messages(std::move(messages));
}

Reply MessageStore::get(const std::string& conversation_id, uint64_t seq) {
    if (auto message = load(conversation_id, seq)) return Reply::message(std::move(*message));
    return Reply::fail(SB_ERR_NOT_FOUND, "no such message");
}

Reply MessageStore::edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                         const std::optional<std::string>& extra_json, int64_t edited_at) {
    db_.query(
           "UPDATE messages SET body = ?3, extra_json = coalesce(?4, extra_json), edited_at = ?5"
           " WHERE conversation_id = ?1 AND seq = ?2 AND deleted_at = 0")
        .bind_text(1, conversation_id)
        .bind_seq(2, seq)
        .bind_text(3, body)
        .bind_optional_text(4, extra_json)
        .bind_int(5, edited_at)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such message, or it is deleted");
    return get(conversation_id, seq);
}

Reply MessageStore::remove(const std::string& conversation_id, uint64_t seq, int64_t deleted_at) {
    db_.query(
           "UPDATE messages SET body = '', extra_json = '', deleted_at = ?3"
           " WHERE conversation_id = ?1 AND seq = ?2 AND deleted_at = 0")
        .bind_text(1, conversation_id)
        .bind_seq(2, seq)
        .bind_int(3, deleted_at)
        .run();
    if (db_.changes() > 0) {
        db_.query("DELETE FROM reactions WHERE conversation_id = ?1 AND seq = ?2")
            .bind_text(1, conversation_id)
            .bind_seq(2, seq)
            .run();
        AttachmentStore(db_).unlink(conversation_id, seq);
    }
    // Deleting a deleted message again returns it as it is.
    return get(conversation_id, seq);
}

Reply MessageStore::react(const std::string& conversation_id, uint64_t seq, const std::string& user_id,
                          const std::string& emoji, bool add, int64_t created_at) {
    auto message = load(conversation_id, seq);
    if (!message || message->deleted_at != 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such message, or it is deleted");
    if (add) {
        db_.query(
               "INSERT INTO reactions (conversation_id, seq, user_id, emoji, created_at)"
               " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
            .bind_text(1, conversation_id)
            .bind_seq(2, seq)
            .bind_text(3, user_id)
            .bind_text(4, emoji)
            .bind_int(5, created_at)
            .run();
    } else {
        db_.query("DELETE FROM reactions WHERE conversation_id = ?1 AND seq = ?2 AND user_id = ?3 AND emoji = ?4")
            .bind_text(1, conversation_id)
            .bind_seq(2, seq)
            .bind_text(3, user_id)
            .bind_text(4, emoji)
            .run();
    }
    return get(conversation_id, seq);
}

}  // namespace switchboard::plugins::storage_sqlite::stores
