#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/row.hpp"
#include "exec/reply.hpp"
#include "records/attachment.hpp"
#include "records/message.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Attachment records and which messages carry them (sb_storage_vtable
// attachment_*, and message_append's links).
class AttachmentStore {
public:
    explicit AttachmentStore(db::Connection& db) : db_(db) {}

    exec::Reply create(const records::Attachment& attachment);
    // An empty reader_id skips the access check.
    exec::Reply get(const std::string& attachment_id, const std::string& reader_id);

    // Links `attachments` (by id) to message (conversation_id, seq) in order
    // and fills in their records; false when one of them does not exist (the
    // caller fails its operation, which rolls the links made back).
    bool link(const std::string& conversation_id, uint64_t seq, std::vector<records::Attachment>& attachments);
    void unlink(const std::string& conversation_id, uint64_t seq);
    // Fills the attachments of `messages`, which belong to one conversation in ascending seq.
    void attach_to(std::vector<records::Message>& messages);
    // Fills the attachments of the last message of each of `user_id`'s
    // conversations in `last_messages` (conversation_list).
    void attach_to_last_messages(const std::string& user_id, std::vector<records::Message*>& last_messages);

    // Reads the attachment columns ATTACHMENT_COLUMNS (attachment_store.cpp) from `first` on.
    static records::Attachment read_row(const db::Row& row, int first);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
