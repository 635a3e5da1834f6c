#include "stores/call_store.hpp"

#include <limits>
#include <vector>

#include "db/row.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::CallRecord;
using sdk::storage::Reply;

#define CALL_COLUMNS \
    "call_id, conversation_id, caller_id, callee_id, media, outcome, end_reason, started_at, answered_at, ended_at"

namespace {

std::vector<CallRecord> read_rows(const pqxx::result& rows) {
    std::vector<CallRecord> calls;
    calls.reserve(rows.size());
    for (const auto& r : rows) {
        db::Row row(r);
        calls.push_back(CallRecord{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.text(5),
                                   row.text(6), row.integer(7), row.integer(8), row.integer(9)});
    }
    return calls;
}

}  // namespace

Reply CallStore::create(const CallRecord& call) {
    pqxx::result inserted =
        db_.query("INSERT INTO calls (call_id, conversation_id, caller_id, callee_id, media, started_at)"
                  " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
            .text(call.call_id)
            .text(call.conversation_id)
            .text(call.caller_id)
            .text(call.callee_id)
            .text(call.media)
            .integer(call.started_at)
            .run();
    if (inserted.affected_rows() == 0) return Reply::fail(SB_ERR_CONFLICT, "call " + call.call_id + " exists");
    return Reply::ok();
}

Reply CallStore::finish(const std::string& call_id, const std::string& outcome, const std::string& end_reason,
                        int64_t answered_at, int64_t ended_at) {
    pqxx::result updated = db_.query("UPDATE calls SET outcome = $2, end_reason = $3, answered_at = $4, ended_at = $5"
                                     " WHERE call_id = $1 AND outcome = ''")
                               .text(call_id)
                               .text(outcome)
                               .text(end_reason)
                               .integer(answered_at)
                               .integer(ended_at)
                               .run();
    if (updated.affected_rows() > 0) return Reply::ok();
    if (!db_.query("SELECT 1 FROM calls WHERE call_id = $1").text(call_id).run().empty())
        return Reply::fail(SB_ERR_CONFLICT, "call " + call_id + " is finished already");
    return Reply::fail(SB_ERR_NOT_FOUND, "no such call");
}

Reply CallStore::history(const std::string& user_id, int64_t before, uint32_t limit) {
    // Two indexed halves (as caller, as callee) instead of an OR that no index serves.
    pqxx::result rows =
        db_.query("SELECT " CALL_COLUMNS " FROM ("
                  " SELECT " CALL_COLUMNS " FROM calls WHERE caller_id = $1 AND started_at < $2"
                  " UNION ALL"
                  " SELECT " CALL_COLUMNS " FROM calls WHERE callee_id = $1 AND caller_id <> $1 AND started_at < $2)"
                  " AS mine ORDER BY started_at DESC, call_id DESC LIMIT $3")
            .text(user_id)
            .integer(before > 0 ? before : std::numeric_limits<int64_t>::max())
            .integer(limit)
            .run();
    return Reply::call_records(read_rows(rows));
}

Reply CallStore::finish_unfinished(const std::string& outcome, const std::string& end_reason, int64_t ended_at) {
    pqxx::result rows = db_.query("UPDATE calls SET outcome = $1, end_reason = $2, ended_at = $3 WHERE outcome = ''"
                                  " RETURNING " CALL_COLUMNS)
                            .text(outcome)
                            .text(end_reason)
                            .integer(ended_at)
                            .run();
    return Reply::call_records(read_rows(rows));
}

}  // namespace switchboard::plugins::storage_postgres::stores
