#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "exec/reply.hpp"
#include "records/report.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Blocks between users and abuse reports (sb_storage_vtable block_*, report_create).
class ModerationStore {
public:
    explicit ModerationStore(db::Connection& db) : db_(db) {}

    exec::Reply set_block(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at);
    // The users `user_id` blocks, oldest block first.
    exec::Reply blocked_by(const std::string& user_id);
    exec::Reply report(const records::Report& report);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
