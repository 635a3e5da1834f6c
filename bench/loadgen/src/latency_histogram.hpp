#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace switchboard::bench {

// Log-linear buckets in the HdrHistogram manner: exact below 128 µs, then 64
// buckets per power of two (under 1.6% error) up to days. Recording
// is one index computation and an increment, whatever the rate.
class LatencyHistogram {
public:
    void record_ns(int64_t nanoseconds);
    void merge(const LatencyHistogram& other);

    uint64_t count() const { return count_; }
    // p in [0, 100]; 0 when nothing was recorded.
    double percentile_ms(double p) const;
    double mean_ms() const;
    double max_ms() const;

    static size_t bucket_of(uint64_t microseconds);
    static uint64_t bucket_value_us(size_t bucket);

private:
    static constexpr size_t kLinear = 128;
    static constexpr size_t kSubBuckets = 64;
    static constexpr size_t kExponents = 31;
    static constexpr size_t kBuckets = kLinear + kExponents * kSubBuckets;

    std::array<uint64_t, kBuckets> buckets_{};
    uint64_t count_ = 0;
    uint64_t max_us_ = 0;
    double sum_us_ = 0;
};

}  // namespace switchboard::bench
