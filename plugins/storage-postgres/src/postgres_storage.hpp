#pragma once

#include <memory>

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "exec/run_read.hpp"
#include "exec/writer.hpp"
#include "settings.hpp"
#include "stores/stores.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/queued_storage.hpp"

namespace switchboard::plugins::storage_postgres {

// The storage.postgres plugin instance. Each vtable call copies its request
// into an operation and queues it, never touching the network: writes go to
// the single writer (group commit), reads to the reader threads, each thread
// with its own connection of the pool. Calls before start() or after stop()
// are refused with SB_ERR_UNAVAILABLE.
class PostgresStorage : public sdk::storage::QueuedStorage<PostgresStorage, stores::Stores, exec::Operation> {
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

    // The copy of its message and the writer's fast path are the database's own.
    void message_append(const sb_message_append_request& req, sdk::Done done);

private:
    PostgresStorage(const sdk::Host& host, Settings settings);

    sdk::Host host_;
    Settings settings_;
    std::unique_ptr<exec::Writer> writer_;
    std::unique_ptr<exec::ReaderPool> readers_;
};

}  // namespace switchboard::plugins::storage_postgres
