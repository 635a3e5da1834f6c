#pragma once

#include "switchboard/calls/call_observer.hpp"
#include "switchboard/notify/event_notifier.hpp"

namespace switchboard::calls {

// Wakes the callee's devices for a call (docs/push.md, "Calls"): the incoming
// call is pushed at once; when it stops ringing — answered on one device,
// declined, cancelled, timed out — the devices it woke are told to stop; a
// call the callee never answered (timed out, or cancelled by the caller)
// also leaves a missed-call notification. Kernel-thread only.
class PushCallObserver : public CallObserver {
public:
    explicit PushCallObserver(notify::EventNotifier& notifier) : notifier_(notifier) {}

    void on_incoming(const ActiveCall& call) override;
    void on_answered(const ActiveCall& call) override;
    void on_ended(const ActiveCall& call, EndReason reason, CallOutcome outcome) override;

private:
    notify::EventNotifier& notifier_;
};

}  // namespace switchboard::calls
