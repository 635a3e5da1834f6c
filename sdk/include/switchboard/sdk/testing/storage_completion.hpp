// Switchboard C++ SDK (header-only): the completion of one storage operation,
// for a storage plugin's own tests.
//
//   switchboard::sdk::testing::StorageCompletion completion;
//   storage->user_get(instance, &req, &StorageCompletion::callback, &completion);
//   ASSERT_TRUE(completion.wait());
//   EXPECT_EQ(completion.status(), SB_OK);
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "switchboard/sdk/storage.hpp"

namespace switchboard::sdk::testing {

// Records the completions of one storage operation: how many times its
// done ran and with what status. Waits are bounded.
class StorageCompletion {
public:
    Done done() { return Done(&callback, this); }

    // The sb_storage_done to pass with this StorageCompletion as done_ctx.
    static void callback(void* ctx, sb_status status, const char* message, const void*) {
        auto* self = static_cast<StorageCompletion*>(ctx);
        {
            std::lock_guard lock(self->mutex_);
            ++self->calls_;
            self->status_ = status;
            self->message_ = message ? message : "";
        }
        self->changed_.notify_all();
    }

    bool wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, timeout, [&] { return calls_ > 0; });
    }
    int calls() {
        std::lock_guard lock(mutex_);
        return calls_;
    }
    sb_status status() {
        std::lock_guard lock(mutex_);
        return status_;
    }
    std::string message() {
        std::lock_guard lock(mutex_);
        return message_;
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int calls_ = 0;
    sb_status status_ = SB_ERR_INTERNAL;
    std::string message_;
};

}  // namespace switchboard::sdk::testing
