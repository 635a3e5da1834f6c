#pragma once

#include <functional>

#include "db/connection.hpp"
#include "switchboard/sdk/storage.hpp"
#include "switchboard/sdk/storage/operation_queue.hpp"
#include "switchboard/sdk/storage/reader_pool.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::exec {

// One queued storage call: the work, run on a worker's connection, and the
// host's completion.
struct Operation {
    const char* name = "";  // the vtable function, for logs
    std::function<sdk::storage::Reply(db::Connection&)> run;
    sdk::Done done;
    // The work changes the database with one statement at most, so a failure
    // leaves nothing behind (SQLite undoes a failed statement) and the writer
    // needs no savepoint around it.
    bool single_write = false;
};

using OperationQueue = sdk::storage::OperationQueue<Operation>;
using ReaderPool = sdk::storage::ReaderPool<db::Connection, Operation>;

}  // namespace switchboard::plugins::storage_sqlite::exec
