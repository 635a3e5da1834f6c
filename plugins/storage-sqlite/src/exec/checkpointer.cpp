#include "exec/checkpointer.hpp"

#include <pthread.h>

#include <string>

namespace switchboard::plugins::storage_sqlite::exec {

Checkpointer::Checkpointer(std::unique_ptr<db::Connection> connection, int threshold_pages, int limit_pages,
                           const sdk::Host& host)
    : connection_(std::move(connection)),
      threshold_pages_(threshold_pages),
      limit_pages_(limit_pages),
      host_(host) {}

Checkpointer::~Checkpointer() {
    stop();
}

void Checkpointer::start() {
    thread_ = std::thread([this] {
        pthread_setname_np(pthread_self(), "sb-sqlite-ckpt");
        loop();
    });
}

void Checkpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wanted_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void Checkpointer::wal_committed(int wal_pages) {
    wal_pages_.store(wal_pages, std::memory_order_relaxed);
    {
        std::lock_guard lock(mutex_);
        if (wal_pages < checked_pages_) checked_pages_ = 0;  // the WAL started over
        // A pass per threshold_pages of new frames: hot pages committed many
        // times in between are copied once.
        if (due_ || wal_pages - checked_pages_ < threshold_pages_) return;
        due_ = true;
        checked_pages_ = wal_pages;
    }
    wanted_.notify_one();
}

void Checkpointer::finish_on(db::Connection& connection) noexcept {
    if (wal_pages_.load(std::memory_order_relaxed) < limit_pages_) return;
    // Never wait for a background pass: try again after the next transaction.
    std::unique_lock lock(pass_mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    wal_pages_.store(0, std::memory_order_relaxed);  // the next commit tells the new size
    run_pass(connection);
}

void Checkpointer::loop() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wanted_.wait(lock, [this] { return due_ || stopping_; });
        if (stopping_) break;
        due_ = false;
        lock.unlock();
        checkpoint(*connection_);
        lock.lock();
    }
    lock.unlock();
    checkpoint(*connection_);
}

void Checkpointer::checkpoint(db::Connection& connection) noexcept {
    std::lock_guard lock(pass_mutex_);
    run_pass(connection);
}

void Checkpointer::run_pass(db::Connection& connection) noexcept {
    try {
        connection.checkpoint_passive();
        checkpoints_.fetch_add(1);
    } catch (const std::exception& e) {
        // The WAL only grows meanwhile; the next commit past the threshold asks again.
        host_.warn(std::string("WAL checkpoint failed: ") + e.what());
    }
}

}  // namespace switchboard::plugins::storage_sqlite::exec
