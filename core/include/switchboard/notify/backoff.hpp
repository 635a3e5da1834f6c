#pragma once

#include <cstdint>

namespace switchboard::notify {

// Delays between push retries: exponential with jitter, never shorter than
// what the provider asked for with Retry-After.
class Backoff {
public:
    Backoff(int64_t base_ms, int64_t max_ms) noexcept : base_ms_(base_ms), max_ms_(max_ms) {}

    // The delay before retry number `attempt` (1 = the first retry):
    // base·2^(attempt-1), capped at max; its upper half is spread by
    // `unit_random` in [0, 1) so retries of many notifications that failed
    // together do not hit the provider together again. At least
    // `retry_after_ms` when that is positive.
    int64_t delay_ms(uint32_t attempt, int64_t retry_after_ms, double unit_random) const noexcept;

private:
    int64_t base_ms_;
    int64_t max_ms_;
};

}  // namespace switchboard::notify
