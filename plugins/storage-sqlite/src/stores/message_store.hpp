#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "stores/newest_seqs.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// Messages and their reactions (sb_storage_vtable message_*, reaction_set).
class MessageStore {
public:
    explicit MessageStore(db::Connection& db) : db_(db) {}

    // Assigns the conversation's next seq, unless the sender already stored
    // this client_msg_id: then the original comes back as a duplicate.
    // A new message's `notify` entries are queued in the push outbox with its
    // seq; a duplicate queues nothing. `newest` (the writer's, may be null)
    // saves looking the newest seq up.
    sdk::storage::Reply append(sdk::storage::Message message, const std::vector<sdk::storage::OutboxEntry>& notify = {},
                               NewestSeqs* newest = nullptr);
    sdk::storage::Reply history(const std::string& conversation_id, uint64_t after_seq, uint64_t before_seq, uint32_t limit);
    sdk::storage::Reply get(const std::string& conversation_id, uint64_t seq);
    // An absent extra_json stays unchanged.
    sdk::storage::Reply edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                     const std::optional<std::string>& extra_json, int64_t edited_at);
    // Keeps the seq; empties the body and extra_json and drops the reactions.
    sdk::storage::Reply remove(const std::string& conversation_id, uint64_t seq, int64_t deleted_at);
    sdk::storage::Reply react(const std::string& conversation_id, uint64_t seq, const std::string& user_id,
                      const std::string& emoji, bool add, int64_t created_at);

    // The message with its reactions.
    std::optional<sdk::storage::Message> load(const std::string& conversation_id, uint64_t seq);

private:
    // The message a resend of `resent` (same sender and client_msg_id) duplicates.
    sdk::storage::Reply original(const sdk::storage::Message& resent);
    static sdk::storage::Message read_row(const db::Query& row);
    // Fills the reactions of `messages`, which belong to one conversation in ascending seq.
    void attach_reactions(std::vector<sdk::storage::Message>& messages);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
