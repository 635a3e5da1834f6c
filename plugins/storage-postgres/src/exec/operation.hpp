#pragma once

#include <functional>
#include <memory>

#include "db/connection.hpp"
#include "switchboard/sdk/storage.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/operation_queue.hpp"
#include "switchboard/sdk/storage/reader_pool.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// One queued storage call: the work, run on a worker's connection, and the
// host's completion.
struct Operation {
    const char* name = "";  // the vtable function, for logs
    std::function<sdk::storage::Reply(db::Connection&)> run;
    sdk::Done done;
    // Set for a message_append without attachments: the writer may store it
    // in one statement with the appends next to it in its batch.
    std::shared_ptr<const sdk::storage::Message> append = nullptr;
};

using OperationQueue = sdk::storage::OperationQueue<Operation>;
using ReaderPool = sdk::storage::ReaderPool<db::Connection, Operation>;

}  // namespace switchboard::plugins::storage_postgres::exec
