#include "stores/outbox_store.hpp"

#include <string_view>

#include "db/row.hpp"
#include "stores/message_store.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::NotifySetting;
using sdk::storage::OutboxEntry;
using sdk::storage::PushContext;
using sdk::storage::Reply;

#define OUTBOX_COLUMNS \
    "entry_id, user_id, device_id, category, conversation_id, seq, call_id, payload_json, due_at, attempts, created_at"

void OutboxStore::insert(const OutboxEntry& e, uint64_t seq) {
    db_.query("INSERT INTO outbox (" OUTBOX_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
              " ON CONFLICT (entry_id) DO NOTHING")
        .text(e.entry_id)
        .text(e.user_id)
        .text(e.device_id)
        .integer(e.category)
        .text(e.conversation_id)
        .seq(seq)
        .text(e.call_id)
        .text(e.payload_json)
        .integer(e.due_at)
        .integer(e.attempts)
        .integer(e.created_at)
        .run();
}

Reply OutboxStore::write(const std::vector<OutboxEntry>& inserts, const std::vector<std::string>& delete_ids) {
    for (const auto& e : inserts) insert(e, e.seq);
    if (!delete_ids.empty()) {
        std::vector<std::string_view> ids(delete_ids.begin(), delete_ids.end());
        db_.query("DELETE FROM outbox WHERE entry_id = ANY ($1::text[])").text_array(ids).run();
    }
    return Reply::ok();
}

Reply OutboxStore::claim(int64_t now, int64_t lease_until, uint32_t limit) {
    // The data-modifying CTE runs even though the result reads `due`, which
    // shows the entries as they were before the lease.
    pqxx::result rows = db_.query("WITH due AS ("
                                  "  SELECT " OUTBOX_COLUMNS " FROM outbox WHERE due_at <= $1"
                                  "  ORDER BY due_at, entry_id LIMIT $3 FOR UPDATE SKIP LOCKED"
                                  "), leased AS ("
                                  "  UPDATE outbox SET due_at = $2 WHERE entry_id IN (SELECT entry_id FROM due)"
                                  ") SELECT " OUTBOX_COLUMNS " FROM due ORDER BY due_at, entry_id")
                            .integer(now)
                            .integer(lease_until)
                            .integer(limit)
                            .run();
    std::vector<OutboxEntry> due;
    due.reserve(rows.size());
    for (const auto& r : rows) {
        db::Row row(r);
        due.push_back(OutboxEntry{row.text(0), row.text(1), row.text(2), static_cast<uint32_t>(row.integer(3)),
                                  row.text(4), row.seq(5), row.text(6), row.text(7), row.integer(8),
                                  static_cast<uint32_t>(row.integer(9)), row.integer(10)});
    }
    return Reply::outbox_entries(std::move(due));
}

Reply OutboxStore::reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts) {
    pqxx::result updated = db_.query("UPDATE outbox SET due_at = $2, attempts = $3 WHERE entry_id = $1")
                               .text(entry_id)
                               .integer(due_at)
                               .integer(attempts)
                               .run();
    if (updated.affected_rows() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such outbox entry");
    return Reply::ok();
}

Reply OutboxStore::set_setting(const NotifySetting& s) {
    db_.query("INSERT INTO notify_settings (user_id, conversation_id, level, muted_until) VALUES ($1, $2, $3, $4)"
              " ON CONFLICT (user_id, conversation_id) DO UPDATE SET level = excluded.level,"
              " muted_until = excluded.muted_until")
        .text(s.user_id)
        .text(s.conversation_id)
        .text(s.level)
        .integer(s.muted_until)
        .run();
    return Reply::ok();
}

Reply OutboxStore::get_setting(const std::string& user_id, const std::string& conversation_id) {
    pqxx::result rows =
        db_.query("SELECT level, muted_until FROM notify_settings WHERE user_id = $1 AND conversation_id = $2")
            .text(user_id)
            .text(conversation_id)
            .run();
    if (rows.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "no notification setting");
    db::Row row(rows[0]);
    return Reply::notify_setting(NotifySetting{user_id, conversation_id, row.text(0), row.integer(1)});
}

Reply OutboxStore::push_context(const std::string& user_id, const std::string& conversation_id, uint64_t seq) {
    PushContext context;
    {
        // The unread total counts as conversation_list's `unread` does, over
        // every membership of the user at once.
        pqxx::result rows =
            db_.query(
                   "SELECT c.type, c.title, m.read_seq,"
                   " (SELECT count(*) FROM members mine JOIN messages x ON x.conversation_id = mine.conversation_id"
                   "  AND x.seq > mine.read_seq WHERE mine.user_id = $2 AND x.sender_id <> $2 AND x.deleted_at = 0),"
                   " s.level, s.muted_until"
                   " FROM members m JOIN conversations c ON c.conversation_id = m.conversation_id"
                   " LEFT JOIN notify_settings s ON s.user_id = m.user_id AND s.conversation_id = m.conversation_id"
                   " WHERE m.conversation_id = $1 AND m.user_id = $2")
                .text(conversation_id)
                .text(user_id)
                .run();
        if (rows.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "not a member of this conversation");
        db::Row row(rows[0]);
        context.conversation_type = row.text(0);
        context.conversation_title = row.text(1);
        context.read_seq = row.seq(2);
        context.unread_total = row.seq(3);
        if (!row.is_null(4)) context.setting = NotifySetting{user_id, conversation_id, row.text(4), row.integer(5)};
    }
    context.message = MessageStore(db_).load(conversation_id, seq);
    return Reply::push_context(std::move(context));
}

void OutboxStore::queue(const std::vector<OutboxEntry>& entries, uint64_t seq) {
    for (const auto& e : entries) insert(e, seq);
}

}  // namespace switchboard::plugins::storage_postgres::stores
