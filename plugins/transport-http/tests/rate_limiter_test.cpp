#include "rate_limiter.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::transport_http {
namespace {

TEST(RateLimiter, BurstThenRatePerAddress) {
    RateLimiter limiter(10, 3);
    auto t = RateLimiter::Clock::now();
    EXPECT_TRUE(limiter.allow("a", t));
    EXPECT_TRUE(limiter.allow("a", t));
    EXPECT_TRUE(limiter.allow("a", t));
    EXPECT_FALSE(limiter.allow("a", t));
    EXPECT_TRUE(limiter.allow("b", t));  // another address has its own bucket
    EXPECT_TRUE(limiter.allow("a", t + std::chrono::milliseconds(100)));  // one token per 100 ms
    EXPECT_FALSE(limiter.allow("a", t + std::chrono::milliseconds(100)));
}

TEST(RateLimiter, ZeroRateAllowsEverything) {
    RateLimiter limiter(0, 1);
    for (int i = 0; i < 100; ++i) EXPECT_TRUE(limiter.allow("a"));
}

}  // namespace
}  // namespace switchboard::plugins::transport_http
