#include "exec/reader_pool.hpp"

#include <pthread.h>

#include <string>

#include "db/connection_lost.hpp"

namespace switchboard::plugins::storage_postgres::exec {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<db::Connection>> connections, OperationQueue& queue,
                       const sdk::Host& host)
    : connections_(std::move(connections)), queue_(queue), host_(host) {}

ReaderPool::~ReaderPool() {
    join();
}

void ReaderPool::start() {
    for (auto& connection : connections_) {
        threads_.emplace_back([this, c = connection.get()] {
            pthread_setname_np(pthread_self(), "sb-pg-read");
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
    for (int attempt = 1;; ++attempt) {
        try {
            connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            Reply reply = operation.run(connection);
            connection.execute("COMMIT");
            return reply;
        } catch (const db::ConnectionLost& e) {
            connection.close();
            if (attempt == 2) {
                host_.error(std::string() + operation.name + " failed: " + e.what());
                return Reply::from_exception(std::current_exception());
            }
            host_.warn(std::string(e.what()) + "; reconnecting to retry " + operation.name);
        } catch (...) {
            Reply reply = Reply::from_exception(std::current_exception());
            host_.error(std::string() + operation.name + " failed: " + reply.error());
            if (connection.is_open()) {
                try {
                    connection.execute("ROLLBACK");
                } catch (const std::exception& e) {
                    host_.error(std::string("rollback failed: ") + e.what());
                    connection.close();
                }
            }
            return reply;
        }
    }
}

}  // namespace switchboard::plugins::storage_postgres::exec
