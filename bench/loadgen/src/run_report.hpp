#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "load_counters.hpp"
#include "step_report.hpp"

namespace switchboard::bench {

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
