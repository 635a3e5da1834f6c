#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Delivered/read receipts of conversation members (sb_storage_vtable receipt_set).
class ReceiptStore {
public:
    explicit ReceiptStore(db::Connection& db) : db_(db) {}

    // Raises (never lowers) the member's receipt to `seq` clamped to the
    // conversation's last_seq; read also raises delivered.
    sdk::storage::Reply set(const std::string& conversation_id, const std::string& user_id, uint32_t kind, uint64_t seq);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
