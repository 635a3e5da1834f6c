#pragma once

#include <memory>
#include <thread>
#include <vector>

#include "db/connection.hpp"
#include "exec/operation_queue.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// Threads that serve reads, each on its own connection, so reads never wait
// behind the writer. Each read runs in its own read-only REPEATABLE READ
// transaction begun after it was dequeued: it sees every write whose Done was
// called before it was issued, and all its queries see one snapshot. A read
// whose connection broke is retried once on a new connection.
class ReaderPool {
public:
    ReaderPool(std::vector<std::unique_ptr<db::Connection>> connections, OperationQueue& queue, const sdk::Host& host);
    ~ReaderPool();
    ReaderPool(const ReaderPool&) = delete;
    ReaderPool& operator=(const ReaderPool&) = delete;

    void start();
    // Returns once the queue is closed and drained.
    void join();

private:
    void loop(db::Connection& connection);
    Reply run_operation(db::Connection& connection, Operation& operation);

    std::vector<std::unique_ptr<db::Connection>> connections_;
    OperationQueue& queue_;
    sdk::Host host_;
    std::vector<std::thread> threads_;
};

}  // namespace switchboard::plugins::storage_postgres::exec
