#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "load_counters.hpp"

namespace switchboard::bench {

// One measured rate step (or, for idle, the hold).
struct StepReport {
    double offered_per_s = 0;
    double seconds = 0;
    uint64_t scheduled = 0;  // sends the schedule asked for in the window
    LoadCounters counters;
    std::optional<double> server_cpu_seconds;
    uint64_t server_rss_peak_bytes = 0;
    uint64_t server_rss_end_bytes = 0;
    double loadgen_cpu_seconds = 0;
    bool sustained = false;
    std::string verdict;  // why a step is or is not sustained
};

}  // namespace switchboard::bench
