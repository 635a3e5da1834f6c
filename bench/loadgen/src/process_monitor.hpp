#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

#include "process_sample.hpp"

namespace switchboard::bench {

// Samples a process every interval from the load generator's loop (no
// thread of its own) and keeps the highest RSS seen.
class ProcessMonitor {
public:
    ProcessMonitor(pid_t pid, int64_t interval_ns);

    // Samples when the interval has passed since the last sample.
    void tick(int64_t now_ns);
    // Samples now, whatever the interval.
    std::optional<ProcessSample> sample_now(int64_t now_ns);

    pid_t pid() const { return pid_; }
    bool alive() const { return alive_; }
    const std::optional<ProcessSample>& latest() const { return latest_; }
    uint64_t peak_rss_bytes() const { return peak_rss_bytes_; }
    // Starts a new "peak since" period (one per load step).
    void reset_period_peak() { period_peak_rss_bytes_ = latest_ ? latest_->rss_bytes : 0; }
    uint64_t period_peak_rss_bytes() const { return period_peak_rss_bytes_; }

private:
    pid_t pid_;
    int64_t interval_ns_;
    int64_t next_ns_ = 0;
    bool alive_ = true;
    std::optional<ProcessSample> latest_;
    uint64_t peak_rss_bytes_ = 0;
    uint64_t period_peak_rss_bytes_ = 0;
};

}  // namespace switchboard::bench
