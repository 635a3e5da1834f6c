#pragma once

#include <chrono>

namespace switchboard::auth {

struct RateLimitDecision {
    bool allowed = true;
    // When refused: whole seconds (at least 1) until the next attempt is allowed,
    // for a rate_limited error or a Retry-After header. Zero when allowed.
    std::chrono::seconds retry_after{0};
};

}  // namespace switchboard::auth
