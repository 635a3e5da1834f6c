#include "switchboard/calls/call_outcome.hpp"

namespace switchboard::calls {

std::string_view to_string(CallOutcome outcome) noexcept {
    switch (outcome) {
        case CallOutcome::completed: return "completed";
        case CallOutcome::missed: return "missed";
        case CallOutcome::declined: return "declined";
        case CallOutcome::busy: return "busy";
        case CallOutcome::cancelled: return "cancelled";
        case CallOutcome::failed: return "failed";
    }
    return "failed";
}

CallOutcome outcome_of(EndReason reason, bool answered) noexcept {
    switch (reason) {
        case EndReason::declined: return CallOutcome::declined;
        case EndReason::busy: return CallOutcome::busy;
        case EndReason::cancelled: return CallOutcome::cancelled;
        case EndReason::timeout: return CallOutcome::missed;
        case EndReason::hangup: return CallOutcome::completed;
        // The call took place if it was answered; a drop while ringing is a failure, not a miss.
        case EndReason::connection_lost: return answered ? CallOutcome::completed : CallOutcome::failed;
        case EndReason::answered_elsewhere:  // ends one device's part only, never a call
        case EndReason::failed: return CallOutcome::failed;
    }
    return CallOutcome::failed;
}

}  // namespace switchboard::calls
