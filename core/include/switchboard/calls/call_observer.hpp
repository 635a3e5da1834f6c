#pragma once

#include "switchboard/calls/active_call.hpp"
#include "switchboard/calls/call_outcome.hpp"
#include "switchboard/calls/end_reason.hpp"

namespace switchboard::calls {

// Hears the life of every call, for what lies beyond its participants' live
// sessions (a push that wakes the callee's devices, a missed-call notice).
// Called on the kernel thread after the events went out; must not block.
class CallObserver {
public:
    virtual ~CallObserver() = default;

    // The callee's devices were told (or, offline, should be woken).
    virtual void on_incoming(const ActiveCall& call) = 0;
    virtual void on_answered(const ActiveCall& call) = 0;
    virtual void on_ended(const ActiveCall& call, EndReason reason, CallOutcome outcome) = 0;
};

}  // namespace switchboard::calls
