#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/row.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Messages and their reactions (sb_storage_vtable message_*, reaction_set).
class MessageStore {
public:
    explicit MessageStore(db::Connection& db) : db_(db) {}

    // Assigns the conversation's next seq, unless the sender already stored
    // this client_msg_id: then the original comes back as a duplicate. A new
    // message also queues `notify` in the push outbox, with its seq.
    sdk::storage::Reply append(sdk::storage::Message message,
                               const std::vector<sdk::storage::OutboxEntry>& notify);
    // The same for many messages without attachments, in one statement: each
    // gets what append() would have given it, run one after the other in
    // this order (a failed one fails alone, but its writes are not undone:
    // the caller rolls back when any failed).
    std::vector<sdk::storage::Reply> append_all(const std::vector<const sdk::storage::Message*>& messages);
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

    // The messages of rows that select MESSAGE_WITH_REACTIONS (message_store.cpp):
    // one row per reaction, or one with NULL reaction columns, rows of one
    // message next to each other.
    static std::vector<sdk::storage::Message> read_messages(const pqxx::result& rows);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
