#pragma once

#include <functional>

#include "db/connection.hpp"
#include "exec/reply.hpp"
#include "switchboard/sdk/storage.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// One queued storage call: the work, run on a worker's connection, and the
// host's completion.
struct Operation {
    const char* name = "";  // the vtable function, for logs
    std::function<Reply(db::Connection&)> run;
    sdk::Done done;
};

}  // namespace switchboard::plugins::storage_postgres::exec
