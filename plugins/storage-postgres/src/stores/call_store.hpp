#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/call_record.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// The call history (sb_storage_vtable call_*, ABI 1.2).
class CallStore {
public:
    explicit CallStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply create(const sdk::storage::CallRecord& call);
    sdk::storage::Reply finish(const std::string& call_id, const std::string& outcome, const std::string& end_reason,
                               int64_t answered_at, int64_t ended_at);
    // The calls `user_id` made or received, newest first; before > 0: started before it.
    sdk::storage::Reply history(const std::string& user_id, int64_t before, uint32_t limit);
    sdk::storage::Reply finish_unfinished(const std::string& outcome, const std::string& end_reason, int64_t ended_at);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
