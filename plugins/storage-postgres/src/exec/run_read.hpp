#pragma once

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// Runs one read for a reader thread (sdk::storage::ReaderPool), in its own
// read-only REPEATABLE READ transaction begun after the operation was
// dequeued: it sees every write whose Done was called before it was issued,
// and all its queries see one snapshot. A read whose connection broke is
// retried once on a new connection.
sdk::storage::Reply run_read(db::Connection& connection, Operation& operation, const sdk::Host& host);

}  // namespace switchboard::plugins::storage_postgres::exec
