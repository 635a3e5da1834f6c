#include "exec/writer.hpp"

#include <pthread.h>

#include <string>

#include "db/sqlite_error.hpp"

namespace switchboard::plugins::storage_sqlite::exec {

using sdk::storage::Reply;

Writer::Writer(std::unique_ptr<db::Connection> connection, OperationQueue& queue, size_t max_batch,
               std::chrono::microseconds batch_window, Checkpointer* checkpointer, const sdk::Host& host)
    : connection_(std::move(connection)),
      queue_(queue),
      max_batch_(max_batch),
      batch_window_(batch_window),
      checkpointer_(checkpointer),
      host_(host) {}

Writer::~Writer() {
    join();
}

void Writer::start() {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "sb-sqlite-write");
        loop();
    });
}

void Writer::join() {
    if (thread_.joinable()) thread_.join();
}

void Writer::loop() {
    std::vector<Operation> batch;
    batch.reserve(max_batch_);
    size_t previous_size = 0;
    auto previous_start = std::chrono::steady_clock::now();
    while (queue_.pop(batch, max_batch_)) {
        if (previous_size >= kBusyBatch && batch.size() < max_batch_ && batch_window_.count() > 0) {
            // Sleeping rather than waiting on the queue: a waiter would be woken by every push.
            std::this_thread::sleep_until(previous_start + batch_window_);
            queue_.take_ready(batch, max_batch_);
        }
        previous_size = batch.size();
        previous_start = std::chrono::steady_clock::now();
        commit(batch);
        batch.clear();
        if (checkpointer_ != nullptr) checkpointer_->finish_on(*connection_);
    }
}

void Writer::commit(std::vector<Operation>& batch) {
    std::vector<Reply> replies;
    try {
        connection_->query("BEGIN IMMEDIATE").run();
    } catch (const std::exception& e) {
        // The database cannot be written at all (locked by another process
        // past busy_timeout, unreadable): retrying one by one would only wait
        // again, so the whole batch fails.
        host_.error(std::string("cannot begin a transaction: ") + e.what());
        Reply reply = Reply::from_exception(std::current_exception());
        for (Operation& operation : batch) reply.deliver(operation.done);
        return;
    }
    try {
        replies = run_transaction(batch);
    } catch (const std::exception& e) {
        rollback_quietly();
        if (batch.size() > 1) {
            // Whatever broke the transaction, retrying each operation alone
            // fails only the ones that cause it.
            host_.warn(std::string("a transaction of ") + std::to_string(batch.size()) +
                       " operations failed (" + e.what() + "); retrying them one by one");
            for (Operation& operation : batch) {
                std::vector<Operation> single;
                single.push_back(std::move(operation));
                commit(single);
            }
            return;
        }
        host_.error(std::string() + batch.front().name + " failed: " + e.what());
        replies.clear();
        replies.push_back(Reply::from_exception(std::current_exception()));
    }
    transactions_.fetch_add(1);
    operations_.fetch_add(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) replies[i].deliver(batch[i].done);
}

std::vector<Reply> Writer::run_transaction(std::vector<Operation>& batch) {
    std::vector<Reply> replies;
    replies.reserve(batch.size());
    for (Operation& operation : batch) {
        if (!operation.single_write) connection_->query("SAVEPOINT operation").run();
        Reply reply = run_operation(operation);
        if (!connection_->in_transaction())
            throw db::SqliteError(
                0, std::string("SQLite rolled the transaction back during ") + operation.name + ": " + reply.error());
        if (!operation.single_write) {
            if (reply.failed()) connection_->query("ROLLBACK TO operation").run();
            connection_->query("RELEASE operation").run();
        }
        replies.push_back(std::move(reply));
    }
    connection_->query("COMMIT").run();
    return replies;
}

Reply Writer::run_operation(Operation& operation) {
    try {
        return operation.run(*connection_);
    } catch (...) {
        return Reply::from_exception(std::current_exception());
    }
}

void Writer::rollback_quietly() noexcept {
    try {
        if (connection_->in_transaction()) connection_->execute("ROLLBACK");
    } catch (const std::exception& e) {
        host_.error(std::string("rollback failed: ") + e.what());
    }
}

}  // namespace switchboard::plugins::storage_sqlite::exec
