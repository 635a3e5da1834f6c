#include "switchboard/calls/push_call_observer.hpp"

#include <string>

namespace switchboard::calls {

void PushCallObserver::on_incoming(const ActiveCall& call) {
    // A callee already in a call hears of this one on its live sessions only.
    if (call.callee_busy) return;
    notifier_.call_incoming(call.call_id, call.conversation_id, call.caller.user_id, call.callee.user_id, call.media);
}

void PushCallObserver::on_answered(const ActiveCall& call) {
    notifier_.call_ended(call.call_id, call.conversation_id, call.caller.user_id, call.callee.user_id, call.media,
                         std::string(to_string(EndReason::answered_elsewhere)), false);
}

void PushCallObserver::on_ended(const ActiveCall& call, EndReason reason, CallOutcome outcome) {
    // An answered call stopped ringing when it was answered (on_answered).
    if (call.answered() || call.callee_busy) return;
    const bool missed = outcome == CallOutcome::missed || outcome == CallOutcome::cancelled;
    notifier_.call_ended(call.call_id, call.conversation_id, call.caller.user_id, call.callee.user_id, call.media,
                         std::string(to_string(reason)), missed);
}

}  // namespace switchboard::calls
