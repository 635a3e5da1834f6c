#include "push_harness.hpp"

#include <stdexcept>

#include "switchboard/sdk/error.hpp"

namespace switchboard::tests::push {

void PushHarness::on_done(void* ctx, const sb_push_result* result) {
    auto* self = static_cast<PushHarness*>(ctx);
    SendResult r;
    r.outcome = static_cast<sb_push_outcome>(result->outcome);
    r.http_status = result->http_status;
    r.reason.assign(result->reason.ptr ? result->reason.ptr : "", result->reason.len);
    r.retry_after_ms = result->retry_after_ms;
    std::lock_guard<std::mutex> lock(self->mutex_);
    self->results_.push_back(std::move(r));
    self->arrived_.notify_all();
}

sb_status PushHarness::send(const TestNotification& n) {
    sb_notification raw = n.raw();
    sdk::ErrorBuffer err;
    return host.vtable<sb_push_vtable>()->send(host.instance(), &raw, &PushHarness::on_done, this, err.get());
}

SendResult PushHarness::send_and_wait(const TestNotification& n, std::chrono::milliseconds timeout) {
    size_t before;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        before = results_.size();
    }
    sb_status status = send(n);
    if (status != SB_OK) throw std::runtime_error("send refused with status " + std::to_string(status));
    return wait_for(before + 1, timeout).back();
}

std::vector<SendResult> PushHarness::wait_for(size_t count, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!arrived_.wait_for(lock, timeout, [&] { return results_.size() >= count; }))
        throw std::runtime_error("waited for " + std::to_string(count) + " results, got " +
                                 std::to_string(results_.size()));
    return results_;
}

size_t PushHarness::done_calls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return results_.size();
}

}  // namespace switchboard::tests::push
