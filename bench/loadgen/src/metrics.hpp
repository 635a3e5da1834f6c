#pragma once

#include <cstdint>
#include <string>

#include "load_counters.hpp"

namespace switchboard::bench {

// Counts by arrival time: whatever arrives while the window is open counts
// for the step, everything counts for the run. Rates over a window are thus
// what the server actually achieved in it, not what was offered.
class Metrics {
public:
    void open_window();
    void close_window();

    void on_sent();
    void on_acked(int64_t send_ns, int64_t now_ns);
    void on_delivered(int64_t send_ns, int64_t now_ns);
    void on_error(const std::string& code);
    // Deliveries the server owes for acknowledged messages (fan-out per ack).
    void expect_deliveries(uint64_t count) { expected_deliveries_ += count; }

    const LoadCounters& window() const { return window_; }
    const LoadCounters& total() const { return total_; }
    uint64_t expected_deliveries() const { return expected_deliveries_; }
    uint64_t outstanding_deliveries() const {
        return expected_deliveries_ > total_.delivered ? expected_deliveries_ - total_.delivered : 0;
    }

private:
    bool window_open_ = false;
    LoadCounters window_;
    LoadCounters total_;
    uint64_t expected_deliveries_ = 0;
};

}  // namespace switchboard::bench
