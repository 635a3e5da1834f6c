#include "stores/moderation_store.hpp"

#include <vector>

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;

Reply ModerationStore::set_block(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at) {
    if (blocked)
        db_.query("INSERT INTO blocks (user_id, target_id, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
            .bind_text(1, user_id)
            .bind_text(2, target_id)
            .bind_int(3, at)
            .run();
    else
        db_.query("DELETE FROM blocks WHERE user_id = ?1 AND target_id = ?2")
            .bind_text(1, user_id)
            .bind_text(2, target_id)
            .run();
    return Reply::ok();
}

Reply ModerationStore::blocked_by(const std::string& user_id) {
    db::Query query = db_.query("SELECT target_id FROM blocks WHERE user_id = ?1 ORDER BY created_at, target_id");
    query.bind_text(1, user_id);
    std::vector<std::string> targets;
    while (query.next()) targets.push_back(query.column_text(0));
    return Reply::strings(std::move(targets));
}

Reply ModerationStore::report(const sdk::storage::Report& report) {
    db_.query(
           "INSERT INTO reports (report_id, reporter_id, target_user_id, conversation_id, seq, reason, created_at)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING")
        .bind_text(1, report.report_id)
        .bind_text(2, report.reporter_id)
        .bind_text(3, report.target_user_id)
        .bind_text(4, report.conversation_id)
        .bind_seq(5, report.seq)
        .bind_text(6, report.reason)
        .bind_int(7, report.created_at)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_CONFLICT, "a report with this id exists");
    return Reply::ok();
}

}  // namespace switchboard::plugins::storage_sqlite::stores
