#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "db/connection.hpp"
#include "exec/operation.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// The one thread that writes, on its own connection. It takes everything
// queued (up to max_batch) and runs it in ONE transaction; after COMMIT it
// completes every Done. While a batch commits, new operations gather for the
// next one: group commit.
//
// A failing operation is rolled back alone, its batch-mates commit. Savepoints
// give that, at one more round trip per operation, so a batch first runs
// without them; only when one of its operations fails is it rolled back and
// run again with a savepoint around each operation. In that first run,
// consecutive message appends (Operation::append) are stored together in one
// statement (`append_all`): one round trip for all of them.
//
// A connection found broken before COMMIT was sent (the server restarted,
// the backend was terminated) is replaced and the batch retried once, since
// nothing of it was committed. A connection lost during COMMIT leaves the
// outcome unknown: those operations fail with SB_ERR_UNAVAILABLE.
class Writer {
public:
    // Stores the messages of consecutive message_append operations in one go;
    // one Reply per message, as each operation's run() would have given.
    using AppendAll = std::function<std::vector<sdk::storage::Reply>(db::Connection&, const std::vector<const sdk::storage::Message*>&)>;

    Writer(std::unique_ptr<db::Connection> connection, OperationQueue& queue, size_t max_batch, const sdk::Host& host,
           AppendAll append_all);
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
    // Run the batch in one transaction and commit it; throw ConnectionLost
    // (with `committing` telling whether COMMIT had been sent) or another
    // error when the transaction itself fails.
    // Without savepoints (appends combined): nullopt when an operation failed
    // and the transaction was rolled back, unless it was the batch's only one
    // (its failure is then the result).
    std::optional<std::vector<sdk::storage::Reply>> run_without_savepoints(std::vector<Operation>& batch, bool& committing);
    // With a savepoint around each operation: a failing one only fails its Reply.
    std::vector<sdk::storage::Reply> run_with_savepoints(std::vector<Operation>& batch, bool& committing);
    sdk::storage::Reply run_operation(Operation& operation);
    // The appends batch[first, end) in one statement; throws what they throw.
    std::vector<sdk::storage::Reply> run_appends(std::vector<Operation>& batch, size_t first, size_t end);
    void rollback_quietly() noexcept;
    static void fail_all(std::vector<Operation>& batch, const sdk::storage::Reply& reply);

    std::unique_ptr<db::Connection> connection_;
    OperationQueue& queue_;
    const size_t max_batch_;
    sdk::Host host_;
    AppendAll append_all_;
    std::thread thread_;
    std::atomic<uint64_t> transactions_{0};
    std::atomic<uint64_t> operations_{0};
};

}  // namespace switchboard::plugins::storage_postgres::exec
