#include "load_runner.hpp"

#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "monotonic_clock.hpp"
#include "pacer.hpp"

namespace switchboard::bench {

namespace {
constexpr int64_t kSampleIntervalNs = 100 * kNsPerMs;
// The share of the offered load a step must reach to count as sustained.
constexpr double kSustainedShare = 0.97;

double seconds_between(int64_t from_ns, int64_t to_ns) { return static_cast<double>(to_ns - from_ns) / 1e9; }
}  // namespace

LoadRunner::LoadRunner(const Options& options, EventLoop& loop, Scenario& scenario, Metrics& metrics)
    : options_(options), loop_(loop), scenario_(scenario), metrics_(metrics), self_(getpid(), kSampleIntervalNs) {
    if (options.server_pid) server_.emplace(*options.server_pid, kSampleIntervalNs);
}

void LoadRunner::sample(int64_t now_ns) {
    self_.tick(now_ns);
    if (!server_) return;
    server_->tick(now_ns);
    if (!server_first_cpu_ && server_->latest()) server_first_cpu_ = server_->latest()->cpu_seconds;
}

void LoadRunner::serve_until(int64_t until_ns, Pacer* pacer) {
    while (true) {
        int64_t now = monotonic_ns();
        if (now >= until_ns || server_gone()) return;
        if (pacer) {
            if (uint64_t due = pacer->take_due(now)) scenario_.send(now, due);
        }
        sample(now);
        if (options_.read_interval_us > 0) {
            // Wake on a fixed tick instead of on every segment: each read then
            // drains several frames and acknowledges them with one TCP ACK.
            int64_t tick = options_.read_interval_us * 1000;
            int64_t wake = std::min(until_ns, (now / tick + 1) * tick);
            timespec at{static_cast<time_t>(wake / kNsPerSecond), static_cast<long>(wake % kNsPerSecond)};
            clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, nullptr);
            loop_.poll(0);
            continue;
        }
        int64_t wait_ns = std::min(until_ns - now, pacer ? kNsPerMs : 50 * kNsPerMs);
        loop_.poll(static_cast<int>(std::max<int64_t>(1, wait_ns / kNsPerMs)));
    }
}

RunReport LoadRunner::run() {
    RunReport report;
    report.label = options_.label;
    report.connections_target = options_.connections;
    report.fanout = scenario_.fanout();
    int64_t start = monotonic_ns();
    if (server_) {
        report.server_pid = static_cast<int>(server_->pid());
        if (auto baseline = server_->sample_now(start)) {
            report.server_rss_baseline_bytes = baseline->rss_bytes;
            server_first_cpu_ = baseline->cpu_seconds;
        } else {
            report.failure = "cannot read /proc/" + std::to_string(server_->pid()) + ": is the server running?";
        }
    }
    self_.sample_now(start);

    if (report.failure.empty() && connect_all(report) && set_up(report)) {
        if (options_.scenario == "idle") {
            report.steps.push_back(hold());
        } else {
            for (double rate : options_.rates) {
                report.steps.push_back(run_step(rate));
                if (server_gone()) break;
                if (options_.stop_at_saturation && !report.steps.back().sustained) break;
            }
        }
        if (server_gone()) report.failure = "the server exited during the run";
    }
    report.description = scenario_.describe();
    report.unanswered_at_end = scenario_.unanswered();
    scenario_.close_all();
    int64_t end = monotonic_ns();
    if (server_ && server_->alive()) {
        server_->sample_now(end);
        if (server_->latest()) {
            report.server_rss_final_bytes = server_->latest()->rss_bytes;
            if (server_first_cpu_) report.server_cpu_seconds = server_->latest()->cpu_seconds - *server_first_cpu_;
        }
    }
    if (server_) report.server_rss_peak_bytes = server_->peak_rss_bytes();
    report.connections_failed = scenario_.failed();
    report.disconnected = scenario_.disconnected();
    report.last_close_reason = scenario_.last_close_reason();
    report.total = metrics_.total();
    report.expected_deliveries = metrics_.expected_deliveries();
    return report;
}

bool LoadRunner::connect_all(RunReport& report) {
    const size_t target = options_.connections;
    int64_t start = monotonic_ns();
    int64_t deadline = start + seconds_to_ns(options_.connect_timeout_s);
    Pacer pacer(options_.connect_rate, start);
    size_t opened = 0;
    const size_t progress_step = std::max<size_t>(1, target / 4);
    size_t next_progress = progress_step;
    while (scenario_.ready() + scenario_.failed() < target) {
        int64_t now = monotonic_ns();
        if (now >= deadline || server_gone()) break;
        size_t allowed = std::min<uint64_t>(target, pacer.scheduled_by(now) + 1);
        while (opened < allowed && opened - scenario_.ready() - scenario_.failed() < options_.max_pending_connects)
            scenario_.open(opened++);
        if (scenario_.ready() >= next_progress && next_progress < target) {
            std::cerr << "sb-loadgen: " << scenario_.ready() << " of " << target << " connections ready\n";
            next_progress += progress_step;
        }
        sample(now);
        loop_.poll(1);
    }
    int64_t end = monotonic_ns();
    report.connect_seconds = seconds_between(start, end);
    report.connections_reached = scenario_.ready();
    if (server_ && server_->alive()) {
        if (auto connected = server_->sample_now(end)) report.server_rss_connected_bytes = connected->rss_bytes;
    }
    std::cerr << "sb-loadgen: " << scenario_.ready() << " of " << target << " connections ready in "
              << report.connect_seconds << " s\n";
    if (scenario_.ready() == target) return true;
    std::string why = scenario_.ready() + scenario_.failed() < target ? "timed out" : "some failed";
    if (options_.scenario == "idle" && scenario_.ready() > 0) {
        std::cerr << "sb-loadgen: holding the " << scenario_.ready() << " that connected (" << why
                  << "; last: " << scenario_.last_close_reason() << ")\n";
        return true;
    }
    report.failure = "only " + std::to_string(scenario_.ready()) + " of " + std::to_string(target) +
                     " connections became ready (" + why + "; last: " + scenario_.last_close_reason() + ")";
    return false;
}

bool LoadRunner::set_up(RunReport& report) {
    int64_t start = monotonic_ns();
    int64_t deadline = start + seconds_to_ns(options_.setup_timeout_s);
    scenario_.begin_setup();
    while (!scenario_.setup_done() && scenario_.setup_error().empty()) {
        int64_t now = monotonic_ns();
        if (now >= deadline) {
            report.failure = "setup timed out";
            return false;
        }
        if (server_gone()) {
            report.failure = "the server exited during setup";
            return false;
        }
        sample(now);
        loop_.poll(5);
    }
    report.setup_seconds = seconds_between(start, monotonic_ns());
    if (!scenario_.setup_error().empty()) {
        report.failure = "setup failed: " + scenario_.setup_error();
        return false;
    }
    return true;
}

StepReport LoadRunner::hold() {
    StepReport step;
    int64_t start = monotonic_ns();
    sample(start);
    auto server_before = server_ ? server_->sample_now(start) : std::nullopt;
    if (server_) server_->reset_period_peak();
    auto self_before = self_.sample_now(start);
    metrics_.open_window();
    std::cerr << "sb-loadgen: holding " << scenario_.ready() << " connections for " << options_.duration_s << " s\n";
    serve_until(start + seconds_to_ns(options_.duration_s), nullptr);
    metrics_.close_window();
    int64_t end = monotonic_ns();
    step.seconds = seconds_between(start, end);
    step.counters = metrics_.window();
    if (server_ && server_->alive()) {
        auto server_after = server_->sample_now(end);
        if (server_before && server_after) {
            step.server_cpu_seconds = server_after->cpu_seconds - server_before->cpu_seconds;
            step.server_rss_end_bytes = server_after->rss_bytes;
        }
        step.server_rss_peak_bytes = server_->period_peak_rss_bytes();
    }
    if (auto self_after = self_.sample_now(end); self_before && self_after)
        step.loadgen_cpu_seconds = self_after->cpu_seconds - self_before->cpu_seconds;
    step.sustained = step.counters.errors.empty();
    step.verdict = step.sustained ? "all connections held" : "connections were lost";
    return step;
}

StepReport LoadRunner::run_step(double rate) {
    StepReport step;
    step.offered_per_s = rate;
    int64_t start = monotonic_ns();
    Pacer pacer(rate, start);
    std::cerr << "sb-loadgen: " << rate << " msg/s: warmup " << options_.warmup_s << " s, then "
              << options_.duration_s << " s measured\n";
    serve_until(start + seconds_to_ns(options_.warmup_s), &pacer);

    int64_t window_start = monotonic_ns();
    auto server_before = server_ ? server_->sample_now(window_start) : std::nullopt;
    if (server_) server_->reset_period_peak();
    auto self_before = self_.sample_now(window_start);
    uint64_t scheduled_before = pacer.scheduled_by(window_start);
    metrics_.open_window();
    serve_until(window_start + seconds_to_ns(options_.duration_s), &pacer);
    metrics_.close_window();
    int64_t window_end = monotonic_ns();

    step.seconds = seconds_between(window_start, window_end);
    step.scheduled = pacer.scheduled_by(window_end) - scheduled_before;
    step.counters = metrics_.window();
    if (server_ && server_->alive()) {
        auto server_after = server_->sample_now(window_end);
        if (server_before && server_after) {
            step.server_cpu_seconds = server_after->cpu_seconds - server_before->cpu_seconds;
            step.server_rss_end_bytes = server_after->rss_bytes;
        }
        step.server_rss_peak_bytes = server_->period_peak_rss_bytes();
    }
    if (auto self_after = self_.sample_now(window_end); self_before && self_after)
        step.loadgen_cpu_seconds = self_after->cpu_seconds - self_before->cpu_seconds;
    drain();
    judge(step);
    std::cerr << "sb-loadgen: " << rate << " msg/s: acked " << static_cast<double>(step.counters.acked) / step.seconds
              << "/s, delivered " << static_cast<double>(step.counters.delivered) / step.seconds << "/s, p99 "
              << step.counters.delivery_latency.percentile_ms(99) << " ms"
              << (step.sustained ? "" : " - not sustained: " + step.verdict) << "\n";
    return step;
}

void LoadRunner::drain() {
    int64_t deadline = monotonic_ns() + seconds_to_ns(options_.drain_s);
    while (scenario_.unanswered() > 0 || metrics_.outstanding_deliveries() > 0) {
        int64_t now = monotonic_ns();
        if (now >= deadline || server_gone()) return;
        sample(now);
        loop_.poll(5);
    }
}

void LoadRunner::judge(StepReport& step) const {
    const LoadCounters& c = step.counters;
    std::string problems;
    auto problem = [&problems](const std::string& text) { problems += (problems.empty() ? "" : "; ") + text; };
    if (static_cast<double>(c.sent) < kSustainedShare * static_cast<double>(step.scheduled))
        problem("the load generator sent " + std::to_string(c.sent) + " of " + std::to_string(step.scheduled) +
                " scheduled");
    if (static_cast<double>(c.acked) < kSustainedShare * static_cast<double>(c.sent))
        problem("acked " + std::to_string(c.acked) + " of " + std::to_string(c.sent) + " sent");
    double owed = static_cast<double>(c.sent) * static_cast<double>(scenario_.fanout());
    if (static_cast<double>(c.delivered) < kSustainedShare * owed)
        problem("delivered " + std::to_string(c.delivered) + " of " + std::to_string(static_cast<uint64_t>(owed)) +
                " owed");
    if (!c.errors.empty()) problem("errors");
    if (c.delivery_latency.percentile_ms(99) > options_.max_p99_ms)
        problem("p99 delivery latency above " + std::to_string(static_cast<int>(options_.max_p99_ms)) + " ms");
    step.sustained = problems.empty();
    step.verdict = step.sustained ? "kept up with the offered load" : problems;
}

}  // namespace switchboard::bench
