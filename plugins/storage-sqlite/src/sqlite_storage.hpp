#pragma once

#include <memory>

#include "db/connection.hpp"
#include "exec/checkpointer.hpp"
#include "exec/operation.hpp"
#include "exec/run_read.hpp"
#include "exec/writer.hpp"
#include "settings.hpp"
#include "stores/stores.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/queued_storage.hpp"

namespace switchboard::plugins::storage_sqlite {

// The storage.sqlite plugin instance. Each vtable call copies its request
// into an operation and queues it, never touching the disk: writes go to the
// single writer (group commit), reads to the reader threads. Calls before
// start() or after stop() are refused with SB_ERR_UNAVAILABLE.
class SqliteStorage : public sdk::storage::QueuedStorage<SqliteStorage, stores::Stores, exec::Operation> {
public:
    explicit SqliteStorage(const sdk::Host& host);
    ~SqliteStorage();
    SqliteStorage(const SqliteStorage&) = delete;
    SqliteStorage& operator=(const SqliteStorage&) = delete;

    // Opens (creating) the database, migrates its schema (or, with
    // migrate: false, checks that it is current), starts the threads.
    void start();
    // Refuses new calls, completes everything queued, joins the threads.
    void stop();
    // `switchboard migrate`: applies the pending schema migrations without starting.
    void migrate();

    // The copy of its message and the writer's fast path are the database's own;
    // the outbox entries that come with it are queued in the same transaction.
    void message_append(const sb_message_append_request& req, sdk::Done done);

private:
    SqliteStorage(const sdk::Host& host, Settings settings);

    sdk::Host host_;
    Settings settings_;
    std::unique_ptr<exec::Checkpointer> checkpointer_;
    std::unique_ptr<exec::Writer> writer_;
    std::unique_ptr<exec::ReaderPool> readers_;
};

}  // namespace switchboard::plugins::storage_sqlite
