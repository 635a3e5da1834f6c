#include "pending_call.hpp"

namespace switchboard::conformance::storage {

void PendingCall::on_done(void* ctx, sb_status status, const char* message, const void* result) {
    auto* self = static_cast<PendingCall*>(ctx);
    {
        std::lock_guard lock(self->mutex_);
        if (++self->calls_ > 1) return;
        self->status_ = status;
        self->error_ = message ? message : "(null message)";
        if (status == SB_OK) self->copy_result(result);
    }
    self->completed_.notify_all();
}

void PendingCall::set_returned(sb_status status) {
    std::lock_guard lock(mutex_);
    returned_ = status;
}

bool PendingCall::wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return completed_.wait_for(lock, timeout, [&] { return calls_ > 0; });
}

bool PendingCall::accepted() const {
    std::lock_guard lock(mutex_);
    return returned_ == SB_OK;
}

sb_status PendingCall::returned() const {
    std::lock_guard lock(mutex_);
    return returned_;
}

int PendingCall::calls() const {
    std::lock_guard lock(mutex_);
    return calls_;
}

sb_status PendingCall::status() const {
    std::lock_guard lock(mutex_);
    return status_;
}

std::string PendingCall::error() const {
    std::lock_guard lock(mutex_);
    return error_;
}

}  // namespace switchboard::conformance::storage
