#include "switchboard/notify/push_outcome.hpp"

namespace switchboard::notify {

const char* PushOutcome::name(sb_push_outcome outcome) noexcept {
    switch (outcome) {
        case SB_PUSH_DELIVERED: return "delivered";
        case SB_PUSH_RETRY: return "retry";
        case SB_PUSH_DEAD_TOKEN: return "dead_token";
        case SB_PUSH_REJECTED: return "rejected";
    }
    return "unknown";
}

std::string PushOutcome::error_code() const {
    if (http_status != 0) return std::to_string(http_status);
    return reason.empty() ? std::string("unknown") : reason;
}

}  // namespace switchboard::notify
