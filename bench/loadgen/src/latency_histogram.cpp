#include "latency_histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace switchboard::bench {

size_t LatencyHistogram::bucket_of(uint64_t us) {
    if (us < kLinear) return static_cast<size_t>(us);
    // us >= 128 has its top bit at position 7 or more; keep the top 7 bits.
    unsigned shift = static_cast<unsigned>(std::bit_width(us)) - 7;
    if (shift > kExponents) return kBuckets - 1;
    uint64_t top = us >> shift;  // in [64, 128)
    return kLinear + (shift - 1) * kSubBuckets + static_cast<size_t>(top - kSubBuckets);
}

uint64_t LatencyHistogram::bucket_value_us(size_t bucket) {
    if (bucket < kLinear) return bucket;
    size_t shift = (bucket - kLinear) / kSubBuckets + 1;
    uint64_t top = (bucket - kLinear) % kSubBuckets + kSubBuckets;
    // The middle of the bucket's range [top << shift, (top + 1) << shift).
    return (top << shift) + (uint64_t{1} << (shift - 1));
}

void LatencyHistogram::record_ns(int64_t nanoseconds) {
    uint64_t us = nanoseconds > 0 ? static_cast<uint64_t>(nanoseconds) / 1000 : 0;
    ++buckets_[bucket_of(us)];
    ++count_;
    max_us_ = std::max(max_us_, us);
    sum_us_ += static_cast<double>(us);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (size_t i = 0; i < kBuckets; ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_us_ = std::max(max_us_, other.max_us_);
    sum_us_ += other.sum_us_;
}

double LatencyHistogram::percentile_ms(double p) const {
    if (count_ == 0) return 0;
    auto rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
    rank = std::clamp<uint64_t>(rank, 1, count_);
    uint64_t seen = 0;
    for (size_t i = 0; i < kBuckets; ++i) {
        seen += buckets_[i];
        if (seen >= rank) return static_cast<double>(std::min(bucket_value_us(i), max_us_)) / 1000.0;
    }
    return max_ms();
}

double LatencyHistogram::mean_ms() const { return count_ ? sum_us_ / static_cast<double>(count_) / 1000.0 : 0; }

double LatencyHistogram::max_ms() const { return static_cast<double>(max_us_) / 1000.0; }

}  // namespace switchboard::bench
