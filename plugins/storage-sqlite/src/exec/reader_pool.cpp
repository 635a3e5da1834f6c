#include "exec/reader_pool.hpp"

#include <pthread.h>

#include <string>

namespace switchboard::plugins::storage_sqlite::exec {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<db::Connection>> connections, OperationQueue& queue,
                       const sdk::Host& host)
    : connections_(std::move(connections)), queue_(queue), host_(host) {}

ReaderPool::~ReaderPool() {
    join();
}

void ReaderPool::start() {
    for (auto& connection : connections_) {
        threads_.emplace_back([this, c = connection.get()] {
            pthread_setname_np(pthread_self(), "sb-sqlite-read");
            loop(*c);
        });
    }
}

void ReaderPool::join() {
    for (auto& thread : threads_)
        if (thread.joinable()) thread.join();
    threads_.clear();
}

void ReaderPool::loop(db::Connection& connection) {
    std::vector<Operation> batch;
    while (queue_.pop(batch, 1)) {
        for (Operation& operation : batch) run_operation(connection, operation).deliver(operation.done);
        batch.clear();
    }
}

Reply ReaderPool::run_operation(db::Connection& connection, Operation& operation) {
    try {
        // One snapshot for all the queries of this operation.
        connection.query("BEGIN").run();
        Reply reply = operation.run(connection);
        connection.query("COMMIT").run();
        return reply;
    } catch (...) {
        Reply reply = Reply::from_exception(std::current_exception());
        host_.error(std::string() + operation.name + " failed: " + reply.error());
        try {
            if (connection.in_transaction()) connection.execute("ROLLBACK");
        } catch (const std::exception& e) {
            host_.error(std::string("rollback failed: ") + e.what());
        }
        return reply;
    }
}

}  // namespace switchboard::plugins::storage_sqlite::exec
