#pragma once

#include <cstdint>
#include <ctime>

namespace switchboard::bench {

// One clock for every timestamp the load generator takes: send times travel
// inside message bodies and come back in the same process, so a monotonic
// clock is enough and never jumps.
inline int64_t monotonic_ns() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

constexpr int64_t kNsPerMs = 1'000'000;
constexpr int64_t kNsPerSecond = 1'000'000'000;

inline int64_t seconds_to_ns(double seconds) { return static_cast<int64_t>(seconds * 1e9); }

}  // namespace switchboard::bench
