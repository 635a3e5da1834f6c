#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "exec/operation.hpp"

namespace switchboard::plugins::storage_postgres::exec {

// A bounded multi-producer queue of operations. Host threads push and never
// wait; worker threads pop. Closed until open(), and after close() it
// refuses new operations while workers drain the ones already queued.
class OperationQueue {
public:
    explicit OperationQueue(size_t capacity);

    void open();
    void close();

    // SB_OK (queued), SB_ERR_UNAVAILABLE (closed) or SB_ERR_BUSY (full).
    // On refusal the operation is dropped and its Done is never called.
    sb_status push(Operation&& operation);

    // Waits for operations and moves up to `max` of them into `out`.
    // Returns false once the queue is closed and empty.
    bool pop(std::vector<Operation>& out, size_t max);

private:
    const size_t capacity_;
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<Operation> items_;
    bool open_ = false;
};

}  // namespace switchboard::plugins::storage_postgres::exec
