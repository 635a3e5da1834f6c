#include "switchboard/notify/backoff.hpp"

#include <gtest/gtest.h>

namespace switchboard::notify {
namespace {

TEST(Backoff, DoublesFromTheBaseWithTheUpperHalfJittered) {
    Backoff backoff(1000, 60'000);
    EXPECT_EQ(backoff.delay_ms(1, 0, 0.0), 500);
    EXPECT_EQ(backoff.delay_ms(1, 0, 0.999), 999);
    EXPECT_EQ(backoff.delay_ms(2, 0, 0.0), 1000);
    EXPECT_EQ(backoff.delay_ms(3, 0, 0.5), 3000);
    EXPECT_EQ(backoff.delay_ms(4, 0, 0.0), 4000);
}

TEST(Backoff, CappedAtTheMaximum) {
    Backoff backoff(1000, 60'000);
    EXPECT_EQ(backoff.delay_ms(7, 0, 0.0), 30'000);  // 64 s capped at 60 s, lower half
    EXPECT_EQ(backoff.delay_ms(40, 0, 0.0), 30'000);
    EXPECT_LE(backoff.delay_ms(1000, 0, 0.999), 60'000);
}

TEST(Backoff, NeverShorterThanRetryAfter) {
    Backoff backoff(1000, 60'000);
    EXPECT_EQ(backoff.delay_ms(1, 7000, 0.5), 7000);
    // Retry-After beyond the cap is still honoured: the provider said so.
    EXPECT_EQ(backoff.delay_ms(1, 120'000, 0.5), 120'000);
    EXPECT_EQ(backoff.delay_ms(5, 100, 0.0), 8000);
}

TEST(Backoff, OutOfRangeRandomIsClamped) {
    Backoff backoff(1000, 60'000);
    EXPECT_EQ(backoff.delay_ms(1, 0, -3.0), 500);
    EXPECT_EQ(backoff.delay_ms(1, 0, 7.0), 1000);
}

}  // namespace
}  // namespace switchboard::notify
