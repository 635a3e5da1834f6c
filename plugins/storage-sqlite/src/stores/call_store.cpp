#include "stores/call_store.hpp"

#include <limits>
#include <vector>

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::CallRecord;
using sdk::storage::Reply;

#define CALL_COLUMNS \
    "call_id, conversation_id, caller_id, callee_id, media, outcome, end_reason, started_at, answered_at, ended_at"

namespace {

CallRecord read_row(const db::Query& row) {
    return CallRecord{row.column_text(0), row.column_text(1), row.column_text(2), row.column_text(3),
                      row.column_text(4), row.column_text(5), row.column_text(6), row.column_int(7),
                      row.column_int(8),  row.column_int(9)};
}

}  // namespace

Reply CallStore::create(const CallRecord& call) {
    db_.query("INSERT INTO calls (call_id, conversation_id, caller_id, callee_id, media, started_at)"
              " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
        .bind_text(1, call.call_id)
        .bind_text(2, call.conversation_id)
        .bind_text(3, call.caller_id)
        .bind_text(4, call.callee_id)
        .bind_text(5, call.media)
        .bind_int(6, call.started_at)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_CONFLICT, "call " + call.call_id + " exists");
    return Reply::ok();
}

Reply CallStore::finish(const std::string& call_id, const std::string& outcome, const std::string& end_reason,
                        int64_t answered_at, int64_t ended_at) {
    db_.query("UPDATE calls SET outcome = ?2, end_reason = ?3, answered_at = ?4, ended_at = ?5"
              " WHERE call_id = ?1 AND outcome = ''")
        .bind_text(1, call_id)
        .bind_text(2, outcome)
        .bind_text(3, end_reason)
        .bind_int(4, answered_at)
        .bind_int(5, ended_at)
        .run();
    if (db_.changes() > 0) return Reply::ok();
    db::Query exists = db_.query("SELECT 1 FROM calls WHERE call_id = ?1");
    exists.bind_text(1, call_id);
    if (exists.next()) return Reply::fail(SB_ERR_CONFLICT, "call " + call_id + " is finished already");
    return Reply::fail(SB_ERR_NOT_FOUND, "no such call");
}

Reply CallStore::history(const std::string& user_id, int64_t before, uint32_t limit) {
    // Two indexed halves (as caller, as callee) instead of an OR that no index serves.
    db::Query query = db_.query(
        "SELECT " CALL_COLUMNS " FROM ("
        " SELECT " CALL_COLUMNS " FROM calls WHERE caller_id = ?1 AND started_at < ?2"
        " UNION ALL"
        " SELECT " CALL_COLUMNS " FROM calls WHERE callee_id = ?1 AND caller_id <> ?1 AND started_at < ?2)"
        " ORDER BY started_at DESC, call_id DESC LIMIT ?3");
    query.bind_text(1, user_id)
        .bind_int(2, before > 0 ? before : std::numeric_limits<int64_t>::max())
        .bind_int(3, limit);
    std::vector<CallRecord> calls;
    while (query.next()) calls.push_back(read_row(query));
    return Reply::call_records(std::move(calls));
}

Reply CallStore::finish_unfinished(const std::string& outcome, const std::string& end_reason, int64_t ended_at) {
    db::Query query = db_.query("UPDATE calls SET outcome = ?1, end_reason = ?2, ended_at = ?3 WHERE outcome = ''"
                                " RETURNING " CALL_COLUMNS);
    query.bind_text(1, outcome).bind_text(2, end_reason).bind_int(3, ended_at);
    std::vector<CallRecord> calls;
    while (query.next()) calls.push_back(read_row(query));
    return Reply::call_records(std::move(calls));
}

}  // namespace switchboard::plugins::storage_sqlite::stores
