#pragma once

#include <cstdint>
#include <string>

#include "switchboard/push.h"

namespace switchboard::notify {

// An owned copy of a push plugin's sb_push_result.
struct PushOutcome {
    sb_push_outcome outcome = SB_PUSH_DELIVERED;
    int32_t http_status = 0;
    std::string reason;
    int64_t retry_after_ms = 0;

    static const char* name(sb_push_outcome outcome) noexcept;
    // The label of push_errors_total: the HTTP status when there was one, else the reason.
    std::string error_code() const;
};

}  // namespace switchboard::notify
