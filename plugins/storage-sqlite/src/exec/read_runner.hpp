#pragma once

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/reader_pool.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::exec {

// How a reader thread runs one read: in its own read transaction begun after
// the operation was dequeued, so it sees every write whose Done was called
// before it was issued (WAL lets it run during the writer's transactions),
// and all its queries see one snapshot.
class ReadRunner {
public:
    explicit ReadRunner(const sdk::Host& host) : host_(host) {}

    sdk::storage::Reply operator()(db::Connection& connection, Operation& operation) const;

private:
    sdk::Host host_;
};

using ReaderPool = sdk::storage::ReaderPool<db::Connection, Operation>;

}  // namespace switchboard::plugins::storage_sqlite::exec
