#include "rate_limiter.hpp"

#include <algorithm>

namespace switchboard::plugins::transport_http {

bool RateLimiter::allow(const std::string& address, Clock::time_point now) {
    if (per_second_ <= 0) return true;
    std::lock_guard lock(mutex_);
    if (now - pruned_at_ > std::chrono::seconds(60)) prune(now);
    auto [it, added] = buckets_.try_emplace(address, Bucket{burst_, now});
    Bucket& b = it->second;
    std::chrono::duration<double> elapsed = now - b.refilled_at;
    b.tokens = std::min(burst_, b.tokens + elapsed.count() * per_second_);
    b.refilled_at = now;
    if (b.tokens < 1.0) return false;
    b.tokens -= 1.0;
    return true;
}

void RateLimiter::prune(Clock::time_point now) {
    pruned_at_ = now;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        std::chrono::duration<double> idle = now - it->second.refilled_at;
        if (it->second.tokens + idle.count() * per_second_ >= burst_) it = buckets_.erase(it);
        else ++it;
    }
}

}  // namespace switchboard::plugins::transport_http
