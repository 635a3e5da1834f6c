// Switchboard C++ plugin SDK (header-only) storage kit: the threads that serve reads.
#pragma once

#include <pthread.h>

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "switchboard/sdk/storage/operation_queue.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::sdk::storage {

// Threads that serve reads, each on its own connection, so reads never wait
// behind the writer. Each takes one operation at a time from the queue and
// has `run` execute it on its connection; `run` owns what is database-specific
// (the read transaction, rolling back, reconnecting) and returns the Reply,
// which is then delivered to the operation's Done.
template <class Connection, class Operation>
class ReaderPool {
public:
    // Runs one operation on the calling thread's connection; must not throw.
    using Run = std::function<Reply(Connection&, Operation&)>;

    // `thread_name` (at most 15 characters) names the threads for debuggers and top.
    ReaderPool(std::vector<std::unique_ptr<Connection>> connections, OperationQueue<Operation>& queue,
               std::string thread_name, Run run)
        : connections_(std::move(connections)),
          queue_(queue),
          thread_name_(std::move(thread_name)),
          run_(std::move(run)) {}
    ~ReaderPool() { join(); }
    ReaderPool(const ReaderPool&) = delete;
    ReaderPool& operator=(const ReaderPool&) = delete;

    void start() {
        for (auto& connection : connections_) {
            threads_.emplace_back([this, c = connection.get()] {
                pthread_setname_np(pthread_self(), thread_name_.c_str());
                loop(*c);
            });
        }
    }

    // Returns once the queue is closed and drained.
    void join() {
        for (auto& thread : threads_)
            if (thread.joinable()) thread.join();
        threads_.clear();
    }

private:
    void loop(Connection& connection) {
        std::vector<Operation> batch;
        while (queue_.pop(batch, 1)) {
            for (Operation& operation : batch) run_(connection, operation).deliver(operation.done);
            batch.clear();
        }
    }

    std::vector<std::unique_ptr<Connection>> connections_;
    OperationQueue<Operation>& queue_;
    const std::string thread_name_;
    const Run run_;
    std::vector<std::thread> threads_;
};

}  // namespace switchboard::sdk::storage
