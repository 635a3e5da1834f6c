#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/row.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Attachment records and which messages carry them (sb_storage_vtable
// attachment_*, and message_append's links).
class AttachmentStore {
public:
    explicit AttachmentStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply create(const sdk::storage::Attachment& attachment);
    // An empty reader_id skips the access check.
    sdk::storage::Reply get(const std::string& attachment_id, const std::string& reader_id);

    // Links `attachments` (by id) to message (conversation_id, seq) in order
    // and fills in their records; false when one of them does not exist (the
    // caller fails its operation, which rolls the links made back).
    bool link(const std::string& conversation_id, uint64_t seq, std::vector<sdk::storage::Attachment>& attachments);
    void unlink(const std::string& conversation_id, uint64_t seq);
    // Fills the attachments of `messages`, which belong to one conversation in ascending seq.
    void attach_to(std::vector<sdk::storage::Message>& messages);
    // Fills the attachments of the last message of each of `user_id`'s
    // conversations in `last_messages` (conversation_list).
    void attach_to_last_messages(const std::string& user_id, std::vector<sdk::storage::Message*>& last_messages);

    // Reads the attachment columns ATTACHMENT_COLUMNS (attachment_store.cpp) from `first` on.
    static sdk::storage::Attachment read_row(const db::Row& row, int first);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
