#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// Everything sb-loadgen measured in one run.
struct RunReport {
    std::string label;
    std::string description;
    size_t connections_target = 0;
    size_t connections_reached = 0;
    size_t connections_failed = 0;
    size_t disconnected = 0;
    std::string last_close_reason;
    double connect_seconds = 0;
    double setup_seconds = 0;
    uint64_t fanout = 0;
    std::optional<int> server_pid;
    uint64_t server_rss_baseline_bytes = 0;
    uint64_t server_rss_connected_bytes = 0;
    uint64_t server_rss_peak_bytes = 0;
    uint64_t server_rss_final_bytes = 0;
    std::optional<double> server_cpu_seconds;  // from the first to the last sample
    std::vector<StepReport> steps;
    LoadCounters total;
    uint64_t expected_deliveries = 0;
    size_t unanswered_at_end = 0;
    std::string failure;  // empty when the run completed
};

}  // namespace switchboard::bench
