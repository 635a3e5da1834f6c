#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace switchboard::plugins::transport_http {

// A token bucket per client address: `per_second` sustained, `burst` at
// once. Thread-safe. Buckets refilled to full are dropped now and then, so
// the table stays the size of the recent clients.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(double per_second, double burst) : per_second_(per_second), burst_(burst) {}

    // True when `address` may make a request now; 0 per second allows everything.
    bool allow(const std::string& address, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point refilled_at;
    };
    void prune(Clock::time_point now);  // mutex_ held

    double per_second_;
    double burst_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    Clock::time_point pruned_at_{};
};

}  // namespace switchboard::plugins::transport_http
