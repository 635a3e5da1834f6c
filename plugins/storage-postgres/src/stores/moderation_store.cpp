#include "stores/moderation_store.hpp"

#include <vector>

#include "db/row.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;

Reply ModerationStore::set_block(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at) {
    if (blocked)
        db_.query("INSERT INTO blocks (user_id, target_id, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .text(user_id)
            .text(target_id)
            .integer(at)
            .run();
    else
        db_.query("DELETE FROM blocks WHERE user_id = $1 AND target_id = $2").text(user_id).text(target_id).run();
    return Reply::ok();
}

Reply ModerationStore::blocked_by(const std::string& user_id) {
    pqxx::result rows =
        db_.query("SELECT target_id FROM blocks WHERE user_id = $1 ORDER BY created_at, target_id").text(user_id).run();
    std::vector<std::string> targets;
    targets.reserve(rows.size());
    for (const auto& row : rows) targets.push_back(db::Row(row).text(0));
    return Reply::strings(std::move(targets));
}

Reply ModerationStore::report(const sdk::storage::Report& report) {
    pqxx::result inserted =
        db_.query(
               "INSERT INTO reports (report_id, reporter_id, target_user_id, conversation_id, seq, reason, created_at)"
               " VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING")
            .text(report.report_id)
            .text(report.reporter_id)
            .text(report.target_user_id)
            .text(report.conversation_id)
            .seq(report.seq)
            .text(report.reason)
            .integer(report.created_at)
            .run();
    if (inserted.affected_rows() == 0) return Reply::fail(SB_ERR_CONFLICT, "a report with this id exists");
    return Reply::ok();
}

}  // namespace switchboard::plugins::storage_postgres::stores
