#include <gtest/gtest.h>

#include "latency_histogram.hpp"

namespace switchboard::bench {
namespace {

TEST(LatencyHistogram, BucketsAreContiguousAndPrecise) {
    size_t previous = 0;
    for (uint64_t us = 1; us < 4'000'000; ++us) {
        size_t bucket = LatencyHistogram::bucket_of(us);
        ASSERT_TRUE(bucket == previous || bucket == previous + 1) << us;
        previous = bucket;
        double value = static_cast<double>(LatencyHistogram::bucket_value_us(bucket));
        ASSERT_NEAR(value, static_cast<double>(us), static_cast<double>(us) / 64.0 + 1) << us;
    }
}

TEST(LatencyHistogram, PercentilesOfAUniformSpread) {
    LatencyHistogram h;
    for (int ms = 1; ms <= 1000; ++ms) h.record_ns(int64_t{ms} * 1'000'000);
    EXPECT_EQ(h.count(), 1000u);
    EXPECT_NEAR(h.percentile_ms(50), 500, 500 * 0.02);
    EXPECT_NEAR(h.percentile_ms(99), 990, 990 * 0.02);
    EXPECT_NEAR(h.percentile_ms(99.9), 999, 999 * 0.02);
    EXPECT_DOUBLE_EQ(h.max_ms(), 1000);
    EXPECT_NEAR(h.mean_ms(), 500.5, 0.01);
}

TEST(LatencyHistogram, EmptyAndMerged) {
    LatencyHistogram a;
    EXPECT_EQ(a.percentile_ms(99), 0);
    LatencyHistogram b;
    a.record_ns(50'000);
    b.record_ns(2'000'000'000);
    a.merge(b);
    EXPECT_EQ(a.count(), 2u);
    EXPECT_NEAR(a.percentile_ms(100), 2000, 2000 * 0.02);
    EXPECT_NEAR(a.percentile_ms(1), 0.05, 0.001);
}

}  // namespace
}  // namespace switchboard::bench
