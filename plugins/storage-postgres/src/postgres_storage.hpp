#pragma once

#include <functional>
#include <memory>

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "exec/read_runner.hpp"
#include "exec/writer.hpp"
#include "settings.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres {

// The storage.postgres plugin instance. Each vtable call copies its request
// into an operation and queues it, never touching the network: writes go to
// the single writer (group commit), reads to the reader threads, each thread
// with its own connection of the pool. Calls before start() or after stop()
// are refused with SB_ERR_UNAVAILABLE.
class PostgresStorage : public sdk::StoragePlugin<PostgresStorage> {
public:
    explicit PostgresStorage(const sdk::Host& host);
    ~PostgresStorage();
    PostgresStorage(const PostgresStorage&) = delete;
    PostgresStorage& operator=(const PostgresStorage&) = delete;

    // Connects the pool, migrates the schema (or, with migrate: false,
    // checks that it is current), starts the threads.
    void start();
    // Refuses new calls, completes everything queued, joins the threads.
    void stop();
    // `switchboard migrate`: applies the pending schema migrations, on a
    // connection of its own, without starting.
    void migrate();

    void user_create(const sb_user& req, sdk::Done done);
    void user_ensure(const sb_user& req, sdk::Done done);
    void user_get(const sb_key_request& req, sdk::Done done);
    void user_get_by_username(const sb_key_request& req, sdk::Done done);
    void user_search(const sb_user_search_request& req, sdk::Done done);
    void user_update(const sb_user_update_request& req, sdk::Done done);
    void user_touch(const sb_user_touch_request& req, sdk::Done done);

    void refresh_insert(const sb_refresh_token& req, sdk::Done done);
    void refresh_rotate(const sb_refresh_rotate_request& req, sdk::Done done);
    void refresh_revoke(const sb_key_request& req, sdk::Done done);
    void refresh_revoke_user(const sb_key_request& req, sdk::Done done);

    void device_upsert(const sb_device& req, sdk::Done done);
    void device_delete(const sb_device_key_request& req, sdk::Done done);
    void device_list(const sb_key_request& req, sdk::Done done);

    void conversation_create(const sb_conversation_create_request& req, sdk::Done done);
    void conversation_get(const sb_key_request& req, sdk::Done done);
    void conversation_list(const sb_key_request& req, sdk::Done done);
    void conversation_update(const sb_conversation_update_request& req, sdk::Done done);
    void members_upsert(const sb_members_upsert_request& req, sdk::Done done);
    void member_remove(const sb_member_remove_request& req, sdk::Done done);

    void message_append(const sb_message_append_request& req, sdk::Done done);
    void message_history(const sb_history_request& req, sdk::Done done);
    void message_get(const sb_message_key_request& req, sdk::Done done);
    void message_edit(const sb_message_edit_request& req, sdk::Done done);
    void message_delete(const sb_message_delete_request& req, sdk::Done done);
    void reaction_set(const sb_reaction_request& req, sdk::Done done);
    void receipt_set(const sb_receipt_request& req, sdk::Done done);

    void block_set(const sb_block_request& req, sdk::Done done);
    void block_list(const sb_key_request& req, sdk::Done done);
    void report_create(const sb_report_request& req, sdk::Done done);

    void attachment_create(const sb_attachment& req, sdk::Done done);
    void attachment_get(const sb_attachment_get_request& req, sdk::Done done);

private:
    using Work = std::function<sdk::storage::Reply(db::Connection&)>;
    void write(const char* name, sdk::Done done, Work work);
    void read(const char* name, sdk::Done done, Work work);
    static void enqueue(exec::OperationQueue& queue, exec::Operation operation);

    sdk::Host host_;
    Settings settings_;
    exec::OperationQueue writes_;
    exec::OperationQueue reads_;
    std::unique_ptr<exec::Writer> writer_;
    std::unique_ptr<exec::ReaderPool> readers_;
};

}  // namespace switchboard::plugins::storage_postgres
