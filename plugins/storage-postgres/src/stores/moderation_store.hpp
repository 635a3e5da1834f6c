#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/reply.hpp"
#include "switchboard/sdk/storage/report.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Blocks between users and abuse reports (sb_storage_vtable block_*, report_create).
class ModerationStore {
public:
    explicit ModerationStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply set_block(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at);
    // The users `user_id` blocks, oldest block first.
    sdk::storage::Reply blocked_by(const std::string& user_id);
    sdk::storage::Reply report(const sdk::storage::Report& report);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
