#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "db/connection.hpp"
#include "exec/checkpointer.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_sqlite::exec {

// The one thread that writes. It takes everything queued (up to max_batch)
// and runs it in ONE transaction, each operation inside its own savepoint so
// a failing one is rolled back alone; after COMMIT it completes every Done.
// While a batch commits, new operations gather for the next one: group commit.
// Under load (the previous transaction held kBusyBatch operations or more) it
// also lets `batch_window` pass from one transaction's start to the next's:
// the cost of a commit is in the pages it dirties, and a larger batch shares
// them among more messages.
class Writer {
public:
    static constexpr size_t kBusyBatch = 16;

    // `checkpointer` (may be null) is asked between transactions whether to
    // finish a checkpoint it could not complete.
    Writer(std::unique_ptr<db::Connection> connection, OperationQueue& queue, size_t max_batch,
           std::chrono::microseconds batch_window, Checkpointer* checkpointer, const sdk::Host& host);
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    void start();
    // Returns once the queue is closed and drained.
    void join();

    uint64_t transactions() const noexcept { return transactions_.load(); }
    uint64_t operations() const noexcept { return operations_.load(); }

private:
    void loop();
    void commit(std::vector<Operation>& batch);
    // Runs the batch inside the open transaction and commits. Throws when the
    // transaction itself fails (COMMIT, or SQLite rolled it back); an
    // operation's own failure only fails its Reply.
    std::vector<sdk::storage::Reply> run_transaction(std::vector<Operation>& batch);
    sdk::storage::Reply run_operation(Operation& operation);
    void rollback_quietly() noexcept;

    std::unique_ptr<db::Connection> connection_;
    OperationQueue& queue_;
    const size_t max_batch_;
    const std::chrono::microseconds batch_window_;
    Checkpointer* const checkpointer_;
    sdk::Host host_;
    std::thread thread_;
    std::atomic<uint64_t> transactions_{0};
    std::atomic<uint64_t> operations_{0};
};

}  // namespace switchboard::plugins::storage_sqlite::exec
