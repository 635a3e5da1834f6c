#include <gtest/gtest.h>

#include "pacer.hpp"

namespace switchboard::bench {
namespace {

TEST(Pacer, FollowsTheScheduleNotTheCaller) {
    Pacer pacer(1000, 5'000);
    EXPECT_EQ(pacer.take_due(5'000), 0u);
    EXPECT_EQ(pacer.take_due(5'000 + 10'000'000), 10u);
    EXPECT_EQ(pacer.take_due(5'000 + 10'000'000), 0u);
    // A caller that stalls gets the backlog at once: the load stays open-loop.
    EXPECT_EQ(pacer.take_due(5'000 + 1'000'000'000), 990u);
    EXPECT_EQ(pacer.taken(), 1000u);
    EXPECT_EQ(pacer.next_due_ns(), 5'000 + 1'001'000'000);
}

TEST(Pacer, FractionalRates) {
    Pacer pacer(2.5, 0);
    EXPECT_EQ(pacer.take_due(999'999'999), 2u);
    EXPECT_EQ(pacer.take_due(2'000'000'000), 3u);
    EXPECT_EQ(pacer.scheduled_by(4'000'000'000), 10u);
}

}  // namespace
}  // namespace switchboard::bench
