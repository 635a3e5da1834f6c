#pragma once

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::exec {

// Runs one read for a reader thread (sdk::storage::ReaderPool), in its own
// read transaction begun after the operation was dequeued, so it sees every
// write whose Done was called before it was issued (WAL lets it run during
// the writer's transactions), and all its queries see one snapshot.
sdk::storage::Reply run_read(db::Connection& connection, Operation& operation, const sdk::Host& host);

}  // namespace switchboard::plugins::storage_sqlite::exec
