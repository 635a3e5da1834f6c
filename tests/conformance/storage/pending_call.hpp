#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::conformance::storage {

// One storage call as the host sees it: accepted or rejected, and how many
// times its done ran (the contract: exactly once if accepted, never if not).
// Passed as done_ctx; it outlives the plugin instance.
class PendingCall {
public:
    virtual ~PendingCall() = default;
    PendingCall(const PendingCall&) = delete;
    PendingCall& operator=(const PendingCall&) = delete;

    static void on_done(void* ctx, sb_status status, const char* message, const void* result);

    // The status op() returned; done must not run unless it is SB_OK.
    void set_returned(sb_status status);
    // Waits for the first done; false on timeout.
    bool wait(std::chrono::milliseconds timeout);

    const char* op() const { return op_; }
    bool accepted() const;
    sb_status returned() const;
    int calls() const;
    sb_status status() const;
    std::string error() const;

protected:
    explicit PendingCall(const char* op) : op_(op) {}
    // Copies the borrowed result of the first successful done.
    virtual void copy_result(const void* result) = 0;

    mutable std::mutex mutex_;

private:
    const char* op_;
    std::condition_variable completed_;
    sb_status returned_ = SB_OK;
    int calls_ = 0;
    sb_status status_ = SB_ERR_INTERNAL;
    std::string error_;
};

}  // namespace switchboard::conformance::storage
