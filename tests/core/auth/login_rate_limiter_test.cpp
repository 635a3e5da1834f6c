#include "switchboard/auth/login_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace switchboard::auth {
namespace {

using namespace std::chrono_literals;
using Clock = LoginRateLimiter::Clock;

const Clock::time_point kStart = Clock::time_point{} + 1000h;

TEST(LoginRateLimiter, AllowsUntilTheLimitIsReached) {
    LoginRateLimiter limiter(3, 60s);
    EXPECT_TRUE(limiter.check("alice", kStart).allowed);
    limiter.record_failure("alice", kStart);
    limiter.record_failure("alice", kStart + 1s);
    EXPECT_TRUE(limiter.check("alice", kStart + 2s).allowed);
    limiter.record_failure("alice", kStart + 2s);
    const RateLimitDecision refused = limiter.check("alice", kStart + 2s);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 58s);
}

TEST(LoginRateLimiter, SlidesTheWindow) {
    LoginRateLimiter limiter(3, 60s);
    for (auto offset : {0s, 10s, 20s}) {
        limiter.record_failure("alice", kStart + offset);
    }
    EXPECT_EQ(limiter.check("alice", kStart + 59s).retry_after, 1s);
    // The first failure leaves the window at 60 s: one more attempt is allowed.
    EXPECT_TRUE(limiter.check("alice", kStart + 60s).allowed);
    limiter.record_failure("alice", kStart + 60s);
    const RateLimitDecision refused = limiter.check("alice", kStart + 61s);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, 9s);
    EXPECT_TRUE(limiter.check("alice", kStart + 70s).allowed);
}

TEST(LoginRateLimiter, RoundsRetryAfterUp) {
    LoginRateLimiter limiter(1, 10s);
    limiter.record_failure("bob", kStart);
    EXPECT_EQ(limiter.check("bob", kStart + 1500ms).retry_after, 9s);
    EXPECT_EQ(limiter.check("bob", kStart + 9999ms).retry_after, 1s);
    EXPECT_TRUE(limiter.check("bob", kStart + 10s).allowed);
}

TEST(LoginRateLimiter, ResetForgetsAKey) {
    LoginRateLimiter limiter(2, 60s);
    limiter.record_failure("alice", kStart);
    limiter.record_failure("alice", kStart);
    EXPECT_FALSE(limiter.check("alice", kStart).allowed);
    limiter.reset("alice");
    EXPECT_TRUE(limiter.check("alice", kStart).allowed);
    EXPECT_EQ(limiter.tracked_keys(), 0u);
    limiter.reset("never-seen");
}

TEST(LoginRateLimiter, KeysAreIndependent) {
    LoginRateLimiter limiter(1, 60s);
    limiter.record_failure("user:alice", kStart);
    EXPECT_FALSE(limiter.check("user:alice", kStart).allowed);
    EXPECT_TRUE(limiter.check("user:bob", kStart).allowed);
    EXPECT_TRUE(limiter.check("ip:127.0.0.1", kStart).allowed);
}

TEST(LoginRateLimiter, ForgetsKeysWhoseFailuresLeftTheWindow) {
    LoginRateLimiter limiter(5, 60s);
    limiter.record_failure("old-1", kStart);
    limiter.record_failure("old-2", kStart + 5s);
    limiter.record_failure("recent", kStart + 30s);
    EXPECT_EQ(limiter.tracked_keys(), 3u);
    limiter.record_failure("new", kStart + 66s);
    EXPECT_EQ(limiter.tracked_keys(), 2u);
}

TEST(LoginRateLimiter, CapsTheNumberOfKeys) {
    LoginRateLimiter limiter(1, 60s, 2);
    limiter.record_failure("a", kStart);
    limiter.record_failure("b", kStart + 1s);
    limiter.record_failure("a", kStart + 2s);
    limiter.record_failure("c", kStart + 3s);
    EXPECT_EQ(limiter.tracked_keys(), 2u);
    // "b" had the oldest newest failure, so it made room for "c".
    EXPECT_TRUE(limiter.check("b", kStart + 3s).allowed);
    EXPECT_FALSE(limiter.check("a", kStart + 3s).allowed);
    EXPECT_FALSE(limiter.check("c", kStart + 3s).allowed);
}

TEST(LoginRateLimiter, StaysBoundedUnderASprayOfKeys) {
    LoginRateLimiter limiter(3, 300s, 1000);
    for (int i = 0; i < 20000; ++i) {
        limiter.record_failure("spray-" + std::to_string(i), kStart + std::chrono::milliseconds(i));
    }
    EXPECT_EQ(limiter.tracked_keys(), 1000u);
}

TEST(LoginRateLimiter, CountsFailuresFromManyThreads) {
    LoginRateLimiter limiter(4000, 60s);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 999; ++i) {
                limiter.record_failure("shared", kStart);
                limiter.check("shared", kStart);
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_TRUE(limiter.check("shared", kStart).allowed);
    for (int i = 0; i < 4; ++i) {
        limiter.record_failure("shared", kStart);
    }
    EXPECT_FALSE(limiter.check("shared", kStart).allowed);
}

TEST(LoginRateLimiter, RefusesZeroSettings) {
    EXPECT_THROW(LoginRateLimiter(0, 60s), std::invalid_argument);
    EXPECT_THROW(LoginRateLimiter(3, 0s), std::invalid_argument);
    EXPECT_THROW(LoginRateLimiter(3, 60s, 0), std::invalid_argument);
}

}  // namespace
}  // namespace switchboard::auth
