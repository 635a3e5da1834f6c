#include "switchboard/calls/end_reason.hpp"

namespace switchboard::calls {

std::string_view to_string(EndReason reason) noexcept {
    switch (reason) {
        case EndReason::answered_elsewhere: return "answered_elsewhere";
        case EndReason::declined: return "declined";
        case EndReason::busy: return "busy";
        case EndReason::cancelled: return "cancelled";
        case EndReason::hangup: return "hangup";
        case EndReason::timeout: return "timeout";
        case EndReason::connection_lost: return "connection_lost";
        case EndReason::failed: return "failed";
    }
    return "failed";
}

}  // namespace switchboard::calls
