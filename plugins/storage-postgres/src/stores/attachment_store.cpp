#include "stores/attachment_store.hpp"

#include <map>
#include <utility>

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;
using sdk::storage::Attachment;

#define ATTACHMENT_COLUMNS                                                                                 \
    "a.attachment_id, a.uploader_id, a.content_type, a.filename, a.size, a.sha256, a.width, a.height, " \
    "a.has_thumbnail, a.created_at"

Attachment AttachmentStore::read_row(const db::Row& row, int first) {
    return Attachment{row.text(first),
                      row.text(first + 1),
                      row.text(first + 2),
                      row.text(first + 3),
                      row.seq(first + 4),
                      row.text(first + 5),
                      static_cast<uint32_t>(row.integer(first + 6)),
                      static_cast<uint32_t>(row.integer(first + 7)),
                      row.text(first + 8) == "t",
                      row.integer(first + 9)};
}

Reply AttachmentStore::create(const Attachment& a) {
    pqxx::result inserted = db_.query(
                                   "INSERT INTO attachments (attachment_id, uploader_id, content_type, filename, size,"
                                   " sha256, width, height, has_thumbnail, created_at)"
                                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING")
                                .text(a.attachment_id)
                                .text(a.uploader_id)
                                .text(a.content_type)
                                .text(a.filename)
                                .seq(a.size)
                                .text(a.sha256)
                                .integer(a.width)
                                .integer(a.height)
                                .text(a.has_thumbnail ? "true" : "false")
                                .integer(a.created_at)
                                .run();
    if (inserted.affected_rows() == 0) return Reply::fail(SB_ERR_CONFLICT, "attachment " + a.attachment_id + " exists");
    return Reply::ok();
}

Reply AttachmentStore::get(const std::string& attachment_id, const std::string& reader_id) {
    // One round trip: the record, and whether the reader may see it.
    pqxx::result rows = db_.query("SELECT " ATTACHMENT_COLUMNS
                                  ", $2 = '' OR a.uploader_id = $2 OR EXISTS (SELECT 1 FROM message_attachments l"
                                  "  JOIN members m ON m.conversation_id = l.conversation_id AND m.user_id = $2"
                                  "  WHERE l.attachment_id = a.attachment_id)"
                                  " FROM attachments a WHERE a.attachment_id = $1")
                            .text(attachment_id)
                            .text(reader_id)
                            .run();
    if (rows.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "no such attachment");
    db::Row row(rows[0]);
    if (row.text(10) != "t")
        return Reply::fail(SB_ERR_FORBIDDEN, "not the uploader, nor a member of a conversation where it was sent");
    return Reply::attachment(read_row(row, 0));
}

bool AttachmentStore::link(const std::string& conversation_id, uint64_t seq, std::vector<Attachment>& attachments) {
    for (size_t i = 0; i < attachments.size(); ++i) {
        pqxx::result rows = db_.query(
                                   "WITH a AS (SELECT * FROM attachments WHERE attachment_id = $4),"
                                   " linked AS (INSERT INTO message_attachments (conversation_id, seq, position,"
                                   "  attachment_id) SELECT $1, $2::bigint, $3::integer, attachment_id FROM a)"
                                   " SELECT " ATTACHMENT_COLUMNS " FROM a")
                                .text(conversation_id)
                                .seq(seq)
                                .integer(static_cast<int64_t>(i))
                                .text(attachments[i].attachment_id)
                                .run();
        if (rows.empty()) return false;
        attachments[i] = read_row(db::Row(rows[0]), 0);
    }
    return true;
}

void AttachmentStore::unlink(const std::string& conversation_id, uint64_t seq) {
    db_.query("DELETE FROM message_attachments WHERE conversation_id = $1 AND seq = $2")
        .text(conversation_id)
        .seq(seq)
        .run();
}

void AttachmentStore::attach_to(std::vector<sdk::storage::Message>& messages) {
    if (messages.empty()) return;
    pqxx::result rows = db_.query("SELECT l.seq, " ATTACHMENT_COLUMNS
                                  " FROM message_attachments l JOIN attachments a ON a.attachment_id = l.attachment_id"
                                  " WHERE l.conversation_id = $1 AND l.seq BETWEEN $2 AND $3"
                                  " ORDER BY l.seq, l.position")
                            .text(messages.front().conversation_id)
                            .seq(messages.front().seq)
                            .seq(messages.back().seq)
                            .run();
    auto message = messages.begin();
    for (const auto& r : rows) {
        db::Row row(r);
        uint64_t seq = row.seq(0);
        while (message != messages.end() && message->seq < seq) ++message;
        if (message == messages.end()) break;
        if (message->seq == seq) message->attachments.push_back(read_row(row, 1));
    }
}

void AttachmentStore::attach_to_last_messages(const std::string& user_id,
                                              std::vector<sdk::storage::Message*>& last_messages) {
    if (last_messages.empty()) return;
    std::map<std::pair<std::string, uint64_t>, sdk::storage::Message*> by_key;
    for (sdk::storage::Message* m : last_messages) by_key[{m->conversation_id, m->seq}] = m;
    pqxx::result rows = db_.query("SELECT l.conversation_id, l.seq, " ATTACHMENT_COLUMNS
                                  " FROM members mine"
                                  " JOIN conversations c ON c.conversation_id = mine.conversation_id"
                                  " JOIN message_attachments l ON l.conversation_id = c.conversation_id"
                                  "  AND l.seq = c.last_seq"
                                  " JOIN attachments a ON a.attachment_id = l.attachment_id"
                                  " WHERE mine.user_id = $1 ORDER BY l.conversation_id, l.position")
                            .text(user_id)
                            .run();
    for (const auto& r : rows) {
        db::Row row(r);
        auto it = by_key.find({row.text(0), row.seq(1)});
        if (it != by_key.end()) it->second->attachments.push_back(read_row(row, 2));
    }
}

}  // namespace switchboard::plugins::storage_postgres::stores
