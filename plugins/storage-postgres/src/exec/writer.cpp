#include "exec/writer.hpp"

#include <pthread.h>

#include <string>

#include "db/connection_lost.hpp"

namespace switchboard::plugins::storage_postgres::exec {

using sdk::storage::Reply;

Writer::Writer(std::unique_ptr<db::Connection> connection, OperationQueue& queue, size_t max_batch,
               const sdk::Host& host, AppendAll append_all)
    : connection_(std::move(connection)),
      queue_(queue),
      max_batch_(max_batch),
      host_(host),
      append_all_(std::move(append_all)) {}

Writer::~Writer() {
    join();
}

void Writer::start() {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "sb-pg-write");
        loop();
    });
}

void Writer::join() {
    if (thread_.joinable()) thread_.join();
}

void Writer::loop() {
    std::vector<Operation> batch;
    batch.reserve(max_batch_);
    while (queue_.pop(batch, max_batch_)) {
        commit(batch);
        batch.clear();
    }
}

void Writer::fail_all(std::vector<Operation>& batch, const Reply& reply) {
    for (Operation& operation : batch) reply.deliver(operation.done);
}

void Writer::commit(std::vector<Operation>& batch) {
    std::vector<Reply> replies;
    for (int attempt = 1;; ++attempt) {
        bool committing = false;
        try {
            connection_->open();
            auto done = run_without_savepoints(batch, committing);
            replies = done ? std::move(*done) : run_with_savepoints(batch, committing);
            break;
        } catch (const db::ConnectionLost& e) {
            connection_->close();
            if (committing) {
                host_.error(std::string(e.what()) + " while committing " + std::to_string(batch.size()) +
                            " operations: they may or may not be stored");
                std::string message = std::string(e.what()) + " while committing: the write may or may not be stored";
                fail_all(batch, Reply::fail(SB_ERR_UNAVAILABLE, message));
                return;
            }
            if (attempt == 2) {
                host_.error(e.what());
                fail_all(batch, Reply::from_exception(std::current_exception()));
                return;
            }
            host_.warn(std::string(e.what()) + "; reconnecting to retry " + std::to_string(batch.size()) +
                       " uncommitted operations");
        } catch (const std::exception& e) {
            rollback_quietly();
            if (!connection_->is_open() || batch.size() == 1) {
                // Cannot connect at all, or the one operation broke its transaction.
                host_.error(std::string() + batch.front().name + (batch.size() > 1 ? " and others" : "") +
                            " failed: " + e.what());
                fail_all(batch, Reply::from_exception(std::current_exception()));
                return;
            }
            // Whatever broke the transaction (COMMIT refused, a savepoint
            // command failed), retrying each operation alone fails only the
            // ones that cause it.
            host_.warn(std::string("a transaction of ") + std::to_string(batch.size()) + " operations failed (" +
                       e.what() + "); retrying them one by one");
            for (Operation& operation : batch) {
                std::vector<Operation> single;
                single.push_back(std::move(operation));
                commit(single);
            }
            return;
        }
    }
    transactions_.fetch_add(1);
    operations_.fetch_add(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) replies[i].deliver(batch[i].done);
}

std::optional<std::vector<Reply>> Writer::run_without_savepoints(std::vector<Operation>& batch, bool& committing) {
    std::vector<Reply> replies;
    replies.reserve(batch.size());
    connection_->execute("BEGIN");
    for (size_t i = 0; i < batch.size();) {
        size_t end = i;
        while (end < batch.size() && batch[end].append) ++end;
        std::vector<Reply> done;
        if (end - i >= 2) {
            done = run_appends(batch, i, end);
        } else {
            end = i + 1;
            done.push_back(run_operation(batch[i]));
        }
        for (Reply& reply : done) {
            if (reply.failed()) {
                connection_->execute("ROLLBACK");
                if (batch.size() > 1) return std::nullopt;
                return std::vector<Reply>{std::move(reply)};
            }
            replies.push_back(std::move(reply));
        }
        i = end;
    }
    committing = true;
    connection_->execute("COMMIT");
    return replies;
}

std::vector<Reply> Writer::run_with_savepoints(std::vector<Operation>& batch, bool& committing) {
    std::vector<Reply> replies;
    replies.reserve(batch.size());
    connection_->execute("BEGIN");
    // Releasing the previous savepoint and setting the next one share a
    // round trip; so does rolling back a failed operation.
    const char* next = "SAVEPOINT operation";
    for (Operation& operation : batch) {
        connection_->execute(next);
        Reply reply = run_operation(operation);
        next = reply.failed() ? "ROLLBACK TO SAVEPOINT operation; RELEASE SAVEPOINT operation; SAVEPOINT operation"
                              : "RELEASE SAVEPOINT operation; SAVEPOINT operation";
        replies.push_back(std::move(reply));
    }
    if (replies.back().failed()) connection_->execute("ROLLBACK TO SAVEPOINT operation");
    committing = true;
    connection_->execute("COMMIT");
    return replies;
}

Reply Writer::run_operation(Operation& operation) {
    try {
        return operation.run(*connection_);
    } catch (const db::ConnectionLost&) {
        throw;  // the whole transaction is gone, not just this operation
    } catch (...) {
        return Reply::from_exception(std::current_exception());
    }
}

std::vector<Reply> Writer::run_appends(std::vector<Operation>& batch, size_t first, size_t end) {
    std::vector<const sdk::storage::Message*> messages;
    for (size_t i = first; i < end; ++i) messages.push_back(batch[i].append.get());
    try {
        return append_all_(*connection_, messages);
    } catch (const db::ConnectionLost&) {
        throw;
    } catch (...) {
        // Failed as a whole: the run with savepoints finds which one fails.
        return {Reply::from_exception(std::current_exception())};
    }
}

void Writer::rollback_quietly() noexcept {
    if (!connection_->is_open()) return;
    try {
        connection_->execute("ROLLBACK");
    } catch (const std::exception& e) {
        host_.error(std::string("rollback failed: ") + e.what());
        connection_->close();
    }
}

}  // namespace switchboard::plugins::storage_postgres::exec
