#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/notify_setting.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// The push outbox and the notification settings (storage ABI 1.3,
// sb_storage_vtable outbox_* and notify_setting_*; docs/push.md), and what a
// push needs to know of its recipient (1.4, push_context).
class OutboxStore {
public:
    explicit OutboxStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply write(const std::vector<sdk::storage::OutboxEntry>& inserts,
                              const std::vector<std::string>& delete_ids);
    sdk::storage::Reply claim(int64_t now, int64_t lease_until, uint32_t limit);
    sdk::storage::Reply reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts);
    sdk::storage::Reply set_setting(const sdk::storage::NotifySetting& setting);
    sdk::storage::Reply get_setting(const std::string& user_id, const std::string& conversation_id);
    // ABI 1.4: the recipient's setting, read state and unread total, and the message, in one read.
    sdk::storage::Reply push_context(const std::string& user_id, const std::string& conversation_id, uint64_t seq);

    // For message_append, in its transaction: the entries of a new message, with its seq.
    void queue(std::vector<sdk::storage::OutboxEntry> entries, uint64_t seq);

private:
    void insert(const sdk::storage::OutboxEntry& entry);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
