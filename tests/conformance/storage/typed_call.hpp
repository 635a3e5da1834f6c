#pragma once

#include <string>

#include "outcome.hpp"
#include "pending_call.hpp"

namespace switchboard::conformance::storage {

// A PendingCall whose result is copied into a T by `convert` (none for
// operations without a result).
template <class T>
class TypedCall : public PendingCall {
public:
    using Convert = T (*)(const void* result);

    TypedCall(const char* op, Convert convert) : PendingCall(op), convert_(convert) {}

    // After wait(): what the call ended with.
    Outcome<T> outcome() const {
        Outcome<T> outcome;
        outcome.status = status();
        outcome.error = error();
        std::lock_guard lock(mutex_);
        if (outcome.status != SB_OK) return outcome;
        if (missing_result_) {
            outcome.status = SB_ERR_INTERNAL;
            outcome.error = std::string(op()) + " succeeded with a NULL result";
        }
        outcome.value = value_;
        return outcome;
    }

private:
    void copy_result(const void* result) override {
        if (!convert_) return;
        if (result)
            value_ = convert_(result);
        else
            missing_result_ = true;
    }

    Convert convert_;
    T value_{};
    bool missing_result_ = false;
};

}  // namespace switchboard::conformance::storage
