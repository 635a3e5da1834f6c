#include "exec/operation_queue.hpp"

#include <algorithm>

namespace switchboard::plugins::storage_postgres::exec {

OperationQueue::OperationQueue(size_t capacity) : capacity_(capacity) {}

void OperationQueue::open() {
    std::lock_guard lock(mutex_);
    open_ = true;
}

void OperationQueue::close() {
    {
        std::lock_guard lock(mutex_);
        open_ = false;
    }
    ready_.notify_all();
}

sb_status OperationQueue::push(Operation&& operation) {
    {
        std::lock_guard lock(mutex_);
        if (!open_) return SB_ERR_UNAVAILABLE;
        if (items_.size() >= capacity_) return SB_ERR_BUSY;
        items_.push_back(std::move(operation));
    }
    ready_.notify_one();
    return SB_OK;
}

bool OperationQueue::pop(std::vector<Operation>& out, size_t max) {
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

}  // namespace switchboard::plugins::storage_postgres::exec
