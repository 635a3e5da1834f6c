#include "stores/message_store.hpp"

#include <algorithm>
#include <limits>
#include <string_view>

#include "stores/attachment_store.hpp"
#include "stores/outbox_store.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;
using sdk::storage::Message;
using sdk::storage::Reaction;

// A message's columns (as m) and its reactions' (as r, NULL when it has none).
#define MESSAGE_WITH_REACTIONS                                                                                  \
    "m.conversation_id, m.message_id, m.seq, m.sender_id, m.client_msg_id, m.body, m.extra_json, m.reply_to_seq, " \
    "m.sent_at, m.edited_at, m.deleted_at, r.user_id, r.emoji, r.created_at"
#define JOIN_REACTIONS " LEFT JOIN reactions r ON r.conversation_id = m.conversation_id AND r.seq = m.seq"
#define REACTION_ORDER "r.created_at, r.user_id, r.emoji"

namespace {
constexpr uint64_t kNoUpperBound = std::numeric_limits<int64_t>::max();
}

std::vector<Message> MessageStore::read_messages(const pqxx::result& rows) {
    std::vector<Message> messages;
    for (const auto& r : rows) {
        db::Row row(r);
        if (messages.empty() || messages.back().seq != row.seq(2) || messages.back().conversation_id != row.text(0)) {
            Message& m = messages.emplace_back();
            m.conversation_id = row.text(0);
            m.message_id = row.text(1);
            m.seq = row.seq(2);
            m.sender_id = row.text(3);
            m.client_msg_id = row.text(4);
            m.body = row.text(5);
            m.extra_json = row.text(6);
            m.reply_to_seq = row.seq(7);
            m.sent_at = row.integer(8);
            m.edited_at = row.integer(9);
            m.deleted_at = row.integer(10);
        }
        if (!row.is_null(11)) messages.back().reactions.push_back(Reaction{row.text(11), row.text(12), row.integer(13)});
    }
    return messages;
}

std::optional<Message> MessageStore::load(const std::string& conversation_id, uint64_t seq) {
    pqxx::result rows = db_.query("SELECT " MESSAGE_WITH_REACTIONS " FROM messages m" JOIN_REACTIONS
                                  " WHERE m.conversation_id = $1 AND m.seq = $2 ORDER BY " REACTION_ORDER)
                            .text(conversation_id)
                            .seq(seq)
                            .run();
    std::vector<Message> found = read_messages(rows);
    if (found.empty()) return std::nullopt;
    AttachmentStore(db_).attach_to(found);
    return std::move(found.front());
}

Reply MessageStore::append(Message message, const std::vector<sdk::storage::OutboxEntry>& notify) {
    // One round trip: a stored duplicate wins; otherwise the conversation's
    // counter goes up (locking its row until commit) and the message takes
    // the new value. Neither column set: no such conversation.
    pqxx::result rows = db_.query(
                               "WITH duplicate AS ("
                               "  SELECT seq FROM messages WHERE conversation_id = $1 AND sender_id = $2"
                               "  AND client_msg_id = $3 AND client_msg_id <> ''"
                               "), bumped AS ("
                               "  UPDATE conversations SET last_seq = last_seq + 1,"
                               "  last_activity_at = greatest(last_activity_at, $8::bigint)"
                               "  WHERE conversation_id = $1 AND NOT EXISTS (SELECT 1 FROM duplicate)"
                               "  RETURNING last_seq"
                               "), inserted AS ("
                               "  INSERT INTO messages (conversation_id, seq, message_id, sender_id, client_msg_id, body,"
                               "  extra_json, reply_to_seq, sent_at)"
                               "  SELECT $1, last_seq, $4, $2, $3, $5, $6, $7::bigint, $8::bigint FROM bumped"
                               "  RETURNING seq"
                               ") SELECT (SELECT seq FROM inserted), (SELECT seq FROM duplicate)")
                            .text(message.conversation_id)
                            .text(message.sender_id)
                            .text(message.client_msg_id)
                            .text(message.message_id)
                            .text(message.body)
                            .text(message.extra_json)
                            .seq(message.reply_to_seq)
                            .integer(message.sent_at)
                            .run();
    db::Row row(rows[0]);
    if (!row.is_null(0)) {
        message.seq = row.seq(0);
        if (!message.attachments.empty() &&
            !AttachmentStore(db_).link(message.conversation_id, message.seq, message.attachments))
            return Reply::fail(SB_ERR_NOT_FOUND, "no such attachment");  // the writer rolls the append back
        if (!notify.empty()) OutboxStore(db_).queue(notify, message.seq);
        return Reply::appended(std::move(message), false);
    }
    if (!row.is_null(1)) return Reply::appended(*load(message.conversation_id, row.seq(1)), true);
    return Reply::fail(SB_ERR_NOT_FOUND, "no such conversation");
}

std::vector<Reply> MessageStore::append_all(const std::vector<const Message*>& messages) {
    std::vector<std::string_view> conversation_ids, sender_ids, client_msg_ids, message_ids, bodies, extras;
    std::vector<int64_t> reply_to_seqs, sent_ats;
    for (const Message* m : messages) {
        conversation_ids.push_back(m->conversation_id);
        sender_ids.push_back(m->sender_id);
        client_msg_ids.push_back(m->client_msg_id);
        message_ids.push_back(m->message_id);
        bodies.push_back(m->body);
        extras.push_back(m->extra_json);
        reply_to_seqs.push_back(static_cast<int64_t>(std::min<uint64_t>(m->reply_to_seq, kNoUpperBound)));
        sent_ats.push_back(m->sent_at);
    }
    // Per input row n, in one round trip: `keyed` finds a stored message with
    // its idempotency key and the first input row with that key; `fresh` are
    // the rows to store, numbered per conversation; each conversation's
    // counter goes up once by their number (locking its row until commit) and
    // they take the values after its old one. The answer per row: its new
    // seq, or the stored duplicate's seq, or the first row with its key
    // (which it duplicates); none of them: no such conversation.
    pqxx::result rows =
        db_.query(
               "WITH input AS ("
               "  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],"
               "  $7::bigint[], $8::bigint[]) WITH ORDINALITY AS t(conversation_id, sender_id, client_msg_id,"
               "  message_id, body, extra_json, reply_to_seq, sent_at, n)"
               "), keyed AS ("
               "  SELECT i.n, m.seq AS stored_seq,"
               "  min(i.n) OVER (PARTITION BY i.conversation_id, i.sender_id, i.client_msg_id) AS first_n"
               "  FROM input i LEFT JOIN messages m ON m.conversation_id = i.conversation_id"
               "  AND m.sender_id = i.sender_id AND m.client_msg_id = i.client_msg_id AND m.client_msg_id <> ''"
               "  WHERE i.client_msg_id <> ''"
               "), fresh AS ("
               "  SELECT i.*, row_number() OVER (PARTITION BY i.conversation_id ORDER BY i.n) AS k"
               "  FROM input i LEFT JOIN keyed ON keyed.n = i.n"
               "  WHERE keyed.n IS NULL OR (keyed.stored_seq IS NULL AND keyed.first_n = i.n)"
               "), counts AS ("
               "  SELECT conversation_id, count(*) AS added, max(sent_at) AS latest FROM fresh GROUP BY conversation_id"
               "), bumped AS ("
               "  UPDATE conversations c SET last_seq = c.last_seq + counts.added,"
               "  last_activity_at = greatest(c.last_activity_at, counts.latest)"
               "  FROM counts WHERE c.conversation_id = counts.conversation_id"
               "  RETURNING c.conversation_id, c.last_seq - counts.added AS base"
               "), inserted AS ("
               "  INSERT INTO messages (conversation_id, seq, message_id, sender_id, client_msg_id, body, extra_json,"
               "  reply_to_seq, sent_at)"
               "  SELECT f.conversation_id, b.base + f.k, f.message_id, f.sender_id, f.client_msg_id, f.body,"
               "  f.extra_json, f.reply_to_seq, f.sent_at FROM fresh f JOIN bumped b ON b.conversation_id = f.conversation_id"
               ") SELECT b.base + f.k, keyed.stored_seq, keyed.first_n"
               " FROM input i LEFT JOIN fresh f ON f.n = i.n"
               " LEFT JOIN bumped b ON b.conversation_id = f.conversation_id"
               " LEFT JOIN keyed ON keyed.n = i.n ORDER BY i.n")
            .text_array(conversation_ids)
            .text_array(sender_ids)
            .text_array(client_msg_ids)
            .text_array(message_ids)
            .text_array(bodies)
            .text_array(extras)
            .integer_array(reply_to_seqs)
            .integer_array(sent_ats)
            .run();
    std::vector<Reply> replies;
    std::vector<uint64_t> stored_seqs(messages.size(), 0);  // of rows stored as new
    replies.reserve(messages.size());
    for (size_t i = 0; i < messages.size(); ++i) {
        db::Row row(rows[static_cast<pqxx::result::size_type>(i)]);
        const Message& message = *messages[i];
        if (!row.is_null(0)) {
            Message stored = message;
            stored.seq = stored_seqs[i] = row.seq(0);
            replies.push_back(Reply::appended(std::move(stored), false));
        } else if (!row.is_null(1)) {
            replies.push_back(Reply::appended(*load(message.conversation_id, row.seq(1)), true));
        } else if (!row.is_null(2) && stored_seqs[static_cast<size_t>(row.integer(2) - 1)] != 0) {
            size_t first = static_cast<size_t>(row.integer(2) - 1);
            Message original = *messages[first];
            original.seq = stored_seqs[first];
            replies.push_back(Reply::appended(std::move(original), true));
        } else {
            replies.push_back(Reply::fail(SB_ERR_NOT_FOUND, "no such conversation"));
        }
    }
    return replies;
}

Reply MessageStore::history(const std::string& conversation_id, uint64_t after_seq, uint64_t before_seq,
                            uint32_t limit) {
    uint64_t upper = before_seq > 0 ? before_seq : kNoUpperBound;
    pqxx::result rows =
        after_seq > 0
            ? db_.query("SELECT " MESSAGE_WITH_REACTIONS
                        " FROM (SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 AND seq < $3"
                        "       ORDER BY seq LIMIT $4) m" JOIN_REACTIONS " ORDER BY m.seq, " REACTION_ORDER)
                  .text(conversation_id)
                  .seq(after_seq)
                  .seq(upper)
                  .integer(limit)
                  .run()
            : db_.query("SELECT " MESSAGE_WITH_REACTIONS
                        " FROM (SELECT * FROM messages WHERE conversation_id = $1 AND seq < $2"
                        "       ORDER BY seq DESC LIMIT $3) m" JOIN_REACTIONS " ORDER BY m.seq, " REACTION_ORDER)
                  .text(conversation_id)
                  .seq(upper)
                  .integer(limit)
                  .run();
    std::vector<Message> messages = read_messages(rows);
    AttachmentStore(db_).attach_to(messages);
    return Reply::messages(std::move(messages));
}

Reply MessageStore::get(const std::string& conversation_id, uint64_t seq) {
    if (auto message = load(conversation_id, seq)) return Reply::message(std::move(*message));
    return Reply::fail(SB_ERR_NOT_FOUND, "no such message");
}

Reply MessageStore::edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                         const std::optional<std::string>& extra_json, int64_t edited_at) {
    pqxx::result updated = db_.query(
                                  "UPDATE messages SET body = $3, extra_json = coalesce($4, extra_json), edited_at = $5"
                                  " WHERE conversation_id = $1 AND seq = $2 AND deleted_at = 0")
                               .text(conversation_id)
                               .seq(seq)
                               .text(body)
                               .optional_text(extra_json)
                               .integer(edited_at)
                               .run();
    if (updated.affected_rows() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such message, or it is deleted");
    return get(conversation_id, seq);
}

Reply MessageStore::remove(const std::string& conversation_id, uint64_t seq, int64_t deleted_at) {
    pqxx::result updated = db_.query(
                                  "UPDATE messages SET body = '', extra_json = '', deleted_at = $3"
                                  " WHERE conversation_id = $1 AND seq = $2 AND deleted_at = 0")
                               .text(conversation_id)
                               .seq(seq)
                               .integer(deleted_at)
                               .run();
    if (updated.affected_rows() > 0) {
        db_.query("DELETE FROM reactions WHERE conversation_id = $1 AND seq = $2").text(conversation_id).seq(seq).run();
        AttachmentStore(db_).unlink(conversation_id, seq);
    }
    // Deleting a deleted message again returns it as it is.
    return get(conversation_id, seq);
}

Reply MessageStore::react(const std::string& conversation_id, uint64_t seq, const std::string& user_id,
                          const std::string& emoji, bool add, int64_t created_at) {
    pqxx::result live =
        db_.query("SELECT 1 FROM messages WHERE conversation_id = $1 AND seq = $2 AND deleted_at = 0")
            .text(conversation_id)
            .seq(seq)
            .run();
    if (live.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "no such message, or it is deleted");
    if (add) {
        db_.query(
               "INSERT INTO reactions (conversation_id, seq, user_id, emoji, created_at)"
               " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
            .text(conversation_id)
            .seq(seq)
            .text(user_id)
            .text(emoji)
            .integer(created_at)
            .run();
    } else {
        db_.query("DELETE FROM reactions WHERE conversation_id = $1 AND seq = $2 AND user_id = $3 AND emoji = $4")
            .text(conversation_id)
            .seq(seq)
            .text(user_id)
            .text(emoji)
            .run();
    }
    return get(conversation_id, seq);
}

}  // namespace switchboard::plugins::storage_postgres::stores
