#pragma once

#include <cstdint>
#include <optional>

#include "event_loop.hpp"
#include "metrics.hpp"
#include "options.hpp"
#include "process_monitor.hpp"
#include "run_report.hpp"
#include "scenario.hpp"

namespace switchboard::bench {

class Pacer;

// Drives a scenario through its phases on one thread: ramp connections up
// at --connect-rate, set up conversations or subscriptions, then per rate a
// warmup, a measured window and a drain (or, for idle, one hold); samples
// the server and itself throughout.
class LoadRunner {
public:
    LoadRunner(const Options& options, EventLoop& loop, Scenario& scenario, Metrics& metrics);

    RunReport run();

private:
    bool connect_all(RunReport& report);
    bool set_up(RunReport& report);
    StepReport hold();
    StepReport run_step(double rate);
    void drain();
    // Serves the connections, sending what the pacer says is due, until the time.
    void serve_until(int64_t until_ns, Pacer* pacer);
    void sample(int64_t now_ns);
    bool server_gone() const { return server_ && !server_->alive(); }
    void judge(StepReport& step) const;

    const Options& options_;
    EventLoop& loop_;
    Scenario& scenario_;
    Metrics& metrics_;
    std::optional<ProcessMonitor> server_;
    ProcessMonitor self_;
    std::optional<double> server_first_cpu_;
};

}  // namespace switchboard::bench
