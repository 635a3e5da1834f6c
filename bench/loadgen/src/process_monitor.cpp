#include "process_monitor.hpp"

#include <algorithm>

namespace switchboard::bench {

ProcessMonitor::ProcessMonitor(pid_t pid, int64_t interval_ns) : pid_(pid), interval_ns_(interval_ns) {}

void ProcessMonitor::tick(int64_t now_ns) {
    if (now_ns >= next_ns_) sample_now(now_ns);
}

std::optional<ProcessSample> ProcessMonitor::sample_now(int64_t now_ns) {
    next_ns_ = now_ns + interval_ns_;
    auto sample = ProcessSample::read(pid_, now_ns);
    if (!sample) {
        alive_ = false;
        return std::nullopt;
    }
    latest_ = sample;
    peak_rss_bytes_ = std::max({peak_rss_bytes_, sample->rss_bytes, sample->peak_rss_bytes});
    period_peak_rss_bytes_ = std::max(period_peak_rss_bytes_, sample->rss_bytes);
    return sample;
}

}  // namespace switchboard::bench
