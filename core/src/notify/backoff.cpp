#include "switchboard/notify/backoff.hpp"

#include <algorithm>

namespace switchboard::notify {

int64_t Backoff::delay_ms(uint32_t attempt, int64_t retry_after_ms, double unit_random) const noexcept {
    int64_t ceiling = base_ms_;
    for (uint32_t i = 1; i < attempt && ceiling < max_ms_; ++i) ceiling *= 2;
    ceiling = std::min(ceiling, max_ms_);
    const double unit = std::clamp(unit_random, 0.0, 1.0);
    const int64_t half = ceiling / 2;
    const int64_t jittered = ceiling - half + static_cast<int64_t>(static_cast<double>(half) * unit);
    return std::max(jittered, retry_after_ms);
}

}  // namespace switchboard::notify
