#include "stores/attachment_store.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;
using sdk::storage::Attachment;

#define ATTACHMENT_COLUMNS \
    "a.attachment_id, a.uploader_id, a.content_type, a.filename, a.size, a.sha256, a.width, a.height, a.has_thumbnail, a.created_at"

namespace {
Attachment read_row(const db::Query& row, int first) {
    return Attachment{row.column_text(first),
                      row.column_text(first + 1),
                      row.column_text(first + 2),
                      row.column_text(first + 3),
                      static_cast<uint64_t>(row.column_int(first + 4)),
                      row.column_text(first + 5),
                      static_cast<uint32_t>(row.column_int(first + 6)),
                      static_cast<uint32_t>(row.column_int(first + 7)),
                      row.column_int(first + 8) != 0,
                      row.column_int(first + 9)};
}
}  // namespace

Reply AttachmentStore::create(const Attachment& a) {
    {
        db::Query exists = db_.query("SELECT 1 FROM attachments WHERE attachment_id = ?1");
        exists.bind_text(1, a.attachment_id);
        if (exists.next()) return Reply::fail(SB_ERR_CONFLICT, "attachment " + a.attachment_id + " exists");
    }
    db_.query(
           "INSERT INTO attachments (attachment_id, uploader_id, content_type, filename, size, sha256, width, height,"
           " has_thumbnail, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)")
        .bind_text(1, a.attachment_id)
        .bind_text(2, a.uploader_id)
        .bind_text(3, a.content_type)
        .bind_text(4, a.filename)
        .bind_int(5, static_cast<int64_t>(a.size))
        .bind_text(6, a.sha256)
        .bind_int(7, a.width)
        .bind_int(8, a.height)
        .bind_int(9, a.has_thumbnail ? 1 : 0)
        .bind_int(10, a.created_at)
        .run();
    return Reply::ok();
}

std::optional<Attachment> AttachmentStore::load(const std::string& attachment_id) {
    db::Query query = db_.query("SELECT " ATTACHMENT_COLUMNS " FROM attachments a WHERE a.attachment_id = ?1");
    query.bind_text(1, attachment_id);
    if (!query.next()) return std::nullopt;
    return read_row(query, 0);
}

Reply AttachmentStore::get(const std::string& attachment_id, const std::string& reader_id) {
    auto attachment = load(attachment_id);
    if (!attachment) return Reply::fail(SB_ERR_NOT_FOUND, "no such attachment");
    if (reader_id.empty() || attachment->uploader_id == reader_id) return Reply::attachment(std::move(*attachment));
    db::Query query = db_.query(
        "SELECT 1 FROM message_attachments l JOIN members m"
        " ON m.conversation_id = l.conversation_id AND m.user_id = ?2"
        " WHERE l.attachment_id = ?1 LIMIT 1");
    query.bind_text(1, attachment_id).bind_text(2, reader_id);
    if (!query.next()) return Reply::fail(SB_ERR_FORBIDDEN, "not the uploader, nor a member of a conversation where it was sent");
    return Reply::attachment(std::move(*attachment));
}

bool AttachmentStore::resolve(std::vector<Attachment>& attachments) {
    for (Attachment& attachment : attachments) {
        auto stored = load(attachment.attachment_id);
        if (!stored) return false;
        attachment = std::move(*stored);
    }
    return true;
}

void AttachmentStore::link(const std::string& conversation_id, uint64_t seq, const std::vector<Attachment>& attachments) {
    for (size_t i = 0; i < attachments.size(); ++i)
        db_.query(
               "INSERT INTO message_attachments (conversation_id, seq, position, attachment_id)"
               " VALUES (?1, ?2, ?3, ?4)")
            .bind_text(1, conversation_id)
            .bind_seq(2, seq)
            .bind_int(3, static_cast<int64_t>(i))
            .bind_text(4, attachments[i].attachment_id)
            .run();
}

void AttachmentStore::unlink(const std::string& conversation_id, uint64_t seq) {
    db_.query("DELETE FROM message_attachments WHERE conversation_id = ?1 AND seq = ?2")
        .bind_text(1, conversation_id)
        .bind_seq(2, seq)
        .run();
}

void AttachmentStore::attach_to(std::vector<sdk::storage::Message>& messages) {
    if (messages.empty()) return;
    db::Query query = db_.query(
        "SELECT l.seq, " ATTACHMENT_COLUMNS
        " FROM message_attachments l JOIN attachments a ON a.attachment_id = l.attachment_id"
        " WHERE l.conversation_id = ?1 AND l.seq BETWEEN ?2 AND ?3 ORDER BY l.seq, l.position");
    query.bind_text(1, messages.front().conversation_id)
        .bind_seq(2, messages.front().seq)
        .bind_seq(3, messages.back().seq);
    auto message = messages.begin();
    while (query.next()) {
        uint64_t seq = query.column_seq(0);
        while (message != messages.end() && message->seq < seq) ++message;
        if (message == messages.end()) break;
        if (message->seq == seq) message->attachments.push_back(read_row(query, 1));
    }
}

}  // namespace switchboard::plugins::storage_sqlite::stores
