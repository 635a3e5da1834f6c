#include "stores/outbox_store.hpp"

#include "stores/message_store.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::NotifySetting;
using sdk::storage::OutboxEntry;
using sdk::storage::PushContext;
using sdk::storage::Reply;

void OutboxStore::insert(const OutboxEntry& e) {
    db_.query(
           "INSERT INTO outbox (entry_id, user_id, device_id, category, conversation_id, seq, call_id, payload_json,"
           " due_at, attempts, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
           " ON CONFLICT (entry_id) DO NOTHING")
        .bind_text(1, e.entry_id)
        .bind_text(2, e.user_id)
        .bind_text(3, e.device_id)
        .bind_int(4, e.category)
        .bind_text(5, e.conversation_id)
        .bind_seq(6, e.seq)
        .bind_text(7, e.call_id)
        .bind_text(8, e.payload_json)
        .bind_int(9, e.due_at)
        .bind_int(10, e.attempts)
        .bind_int(11, e.created_at)
        .run();
}

Reply OutboxStore::write(const std::vector<OutboxEntry>& inserts, const std::vector<std::string>& delete_ids) {
    for (const auto& e : inserts) insert(e);
    for (const auto& id : delete_ids) db_.query("DELETE FROM outbox WHERE entry_id = ?1").bind_text(1, id).run();
    return Reply::ok();
}

Reply OutboxStore::claim(int64_t now, int64_t lease_until, uint32_t limit) {
    std::vector<OutboxEntry> due;
    {
        db::Query query = db_.query(
            "SELECT entry_id, user_id, device_id, category, conversation_id, seq, call_id, payload_json, due_at,"
            " attempts, created_at FROM outbox WHERE due_at <= ?1 ORDER BY due_at, entry_id LIMIT ?2");
        query.bind_int(1, now).bind_int(2, limit);
        while (query.next())
            due.push_back(OutboxEntry{query.column_text(0), query.column_text(1), query.column_text(2),
                                      static_cast<uint32_t>(query.column_int(3)), query.column_text(4),
                                      query.column_seq(5), query.column_text(6), query.column_text(7),
                                      query.column_int(8), static_cast<uint32_t>(query.column_int(9)),
                                      query.column_int(10)});
    }
    for (const auto& e : due)
        db_.query("UPDATE outbox SET due_at = ?2 WHERE entry_id = ?1").bind_text(1, e.entry_id).bind_int(2, lease_until).run();
    return Reply::outbox_entries(std::move(due));
}

Reply OutboxStore::reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts) {
    db_.query("UPDATE outbox SET due_at = ?2, attempts = ?3 WHERE entry_id = ?1")
        .bind_text(1, entry_id)
        .bind_int(2, due_at)
        .bind_int(3, attempts)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such outbox entry");
    return Reply::ok();
}

Reply OutboxStore::set_setting(const NotifySetting& s) {
    db_.query(
           "INSERT INTO notify_settings (user_id, conversation_id, level, muted_until) VALUES (?1, ?2, ?3, ?4)"
           " ON CONFLICT (user_id, conversation_id) DO UPDATE SET level = excluded.level,"
           " muted_until = excluded.muted_until")
        .bind_text(1, s.user_id)
        .bind_text(2, s.conversation_id)
        .bind_text(3, s.level)
        .bind_int(4, s.muted_until)
        .run();
    return Reply::ok();
}

Reply OutboxStore::get_setting(const std::string& user_id, const std::string& conversation_id) {
    db::Query query = db_.query(
        "SELECT level, muted_until FROM notify_settings WHERE user_id = ?1 AND conversation_id = ?2");
    query.bind_text(1, user_id).bind_text(2, conversation_id);
    if (!query.next()) return Reply::fail(SB_ERR_NOT_FOUND, "no notification setting");
    return Reply::notify_setting(NotifySetting{user_id, conversation_id, query.column_text(0), query.column_int(1)});
}

Reply OutboxStore::push_context(const std::string& user_id, const std::string& conversation_id, uint64_t seq) {
    PushContext context;
    {
        // The unread total counts as conversation_list's `unread` does, over
        // every membership at once (members_by_user, then each conversation's
        // messages after read_seq by the primary key).
        db::Query query = db_.query(
            "SELECT c.type, c.title, m.read_seq,"
            " (SELECT count(*) FROM members mine JOIN messages x ON x.conversation_id = mine.conversation_id"
            "  AND x.seq > mine.read_seq WHERE mine.user_id = ?2 AND x.sender_id <> ?2 AND x.deleted_at = 0),"
            " s.level IS NOT NULL, s.level, s.muted_until"
            " FROM members m JOIN conversations c ON c.conversation_id = m.conversation_id"
            " LEFT JOIN notify_settings s ON s.user_id = m.user_id AND s.conversation_id = m.conversation_id"
            " WHERE m.conversation_id = ?1 AND m.user_id = ?2");
        query.bind_text(1, conversation_id).bind_text(2, user_id);
        if (!query.next()) return Reply::fail(SB_ERR_NOT_FOUND, "not a member of this conversation");
        context.conversation_type = query.column_text(0);
        context.conversation_title = query.column_text(1);
        context.read_seq = query.column_seq(2);
        context.unread_total = query.column_seq(3);
        if (query.column_int(4) != 0)
            context.setting = NotifySetting{user_id, conversation_id, query.column_text(5), query.column_int(6)};
    }
    context.message = MessageStore(db_).load(conversation_id, seq);
    return Reply::push_context(std::move(context));
}

void OutboxStore::queue(std::vector<OutboxEntry> entries, uint64_t seq) {
    for (auto& e : entries) {
        e.seq = seq;
        insert(e);
    }
}

}  // namespace switchboard::plugins::storage_sqlite::stores
