#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// Attachment records and which messages carry them (sb_storage_vtable
// attachment_*, and message_append's links).
class AttachmentStore {
public:
    explicit AttachmentStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply create(const sdk::storage::Attachment& attachment);
    // An empty reader_id skips the access check.
    sdk::storage::Reply get(const std::string& attachment_id, const std::string& reader_id);

    // Replaces each of `attachments` (known by id) with its stored record;
    // false when one of them does not exist.
    bool resolve(std::vector<sdk::storage::Attachment>& attachments);
    // Links `attachments` to message (conversation_id, seq), in order.
    void link(const std::string& conversation_id, uint64_t seq, const std::vector<sdk::storage::Attachment>& attachments);
    void unlink(const std::string& conversation_id, uint64_t seq);
    // Fills the attachments of `messages`, which belong to one conversation in ascending seq.
    void attach_to(std::vector<sdk::storage::Message>& messages);

private:
    std::optional<sdk::storage::Attachment> load(const std::string& attachment_id);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
