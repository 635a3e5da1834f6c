// Switchboard C++ plugin SDK (header-only) storage kit: the queue between the
// vtable calls (host threads) and a storage plugin's worker threads.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "switchboard/abi.h"

namespace switchboard::sdk::storage {

// A bounded multi-producer queue of operations (a plugin's own type: its work
// and the host's Done). Host threads push and never wait; worker threads pop.
// Closed until open(), and after close() it refuses new operations while
// workers drain the ones already queued.
template <class Operation>
class OperationQueue {
public:
    explicit OperationQueue(size_t capacity) : capacity_(capacity) {}

    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
    }

    void close() {
        {
            std::lock_guard lock(mutex_);
            open_ = false;
        }
        ready_.notify_all();
    }

    // SB_OK (queued), SB_ERR_UNAVAILABLE (closed) or SB_ERR_BUSY (full).
    // On refusal the operation is dropped and its Done is never called.
    sb_status push(Operation&& operation) {
        {
            std::lock_guard lock(mutex_);
            if (!open_) return SB_ERR_UNAVAILABLE;
            if (items_.size() >= capacity_) return SB_ERR_BUSY;
            items_.push_back(std::move(operation));
        }
        ready_.notify_one();
        return SB_OK;
    }

    // Waits for operations and moves up to `max` of them into `out`.
    // Returns false once the queue is closed and empty.
    bool pop(std::vector<Operation>& out, size_t max) {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !items_.empty() || !open_; });
        if (items_.empty()) return false;
        size_t n = std::min(max, items_.size());
        for (size_t i = 0; i < n; ++i) {
            out.push_back(std::move(items_.front()));
            items_.pop_front();
        }
        return true;
    }

    // Moves what is queued into `out` (up to `max` in all) without waiting:
    // for a writer that sleeps a moment under load to commit a larger batch
    // (a waiting writer would be woken by every push).
    void take_ready(std::vector<Operation>& out, size_t max) {
        std::lock_guard lock(mutex_);
        size_t n = std::min(max - std::min(max, out.size()), items_.size());
        for (size_t i = 0; i < n; ++i) {
            out.push_back(std::move(items_.front()));
            items_.pop_front();
        }
    }

private:
    const size_t capacity_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Operation> items_;
    bool open_ = false;
};

}  // namespace switchboard::sdk::storage
