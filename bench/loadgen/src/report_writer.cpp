#include "report_writer.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace switchboard::bench {

namespace {

double mib(uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof(text), "%.*f", decimals, value);
    return text;
}

nlohmann::json latency_json(const LatencyHistogram& h) {
    return {{"count", h.count()},
            {"p50_ms", h.percentile_ms(50)},
            {"p99_ms", h.percentile_ms(99)},
            {"p999_ms", h.percentile_ms(99.9)},
            {"max_ms", h.max_ms()},
            {"mean_ms", h.mean_ms()}};
}

std::string latency_text(const LatencyHistogram& h) {
    if (h.count() == 0) return "none";
    return "p50 " + fixed(h.percentile_ms(50), 2) + " ms, p99 " + fixed(h.percentile_ms(99), 2) + " ms, p99.9 " +
           fixed(h.percentile_ms(99.9), 2) + " ms, max " + fixed(h.max_ms(), 2) + " ms";
}

std::string errors_text(const LoadCounters& c) {
    if (c.errors.empty()) return "none";
    std::string out;
    for (const auto& [code, count] : c.errors) out += (out.empty() ? "" : ", ") + code + " " + std::to_string(count);
    return out;
}

// The sustained step with the highest offered rate.
const StepReport* max_sustained(const RunReport& r) {
    const StepReport* best = nullptr;
    for (const StepReport& s : r.steps) {
        if (s.offered_per_s <= 0 || !s.sustained) continue;
        if (!best || s.offered_per_s > best->offered_per_s) best = &s;
    }
    return best;
}

}  // namespace

void ReportWriter::write_text(std::ostream& out, const RunReport& r) {
    out << "== " << (r.label.empty() ? "sb-loadgen" : r.label) << ": " << r.description << "\n";
    out << "connections: " << r.connections_reached << " of " << r.connections_target << " ready in "
        << fixed(r.connect_seconds, 2) << " s";
    if (r.connections_failed) out << ", " << r.connections_failed << " failed";
    if (r.disconnected) out << ", " << r.disconnected << " lost later";
    out << "; setup " << fixed(r.setup_seconds, 2) << " s\n";
    if (!r.last_close_reason.empty()) out << "last close: " << r.last_close_reason << "\n";
    if (r.server_pid) {
        out << "server pid " << *r.server_pid << ": RSS " << fixed(mib(r.server_rss_baseline_bytes), 1)
            << " MiB before connecting, " << fixed(mib(r.server_rss_connected_bytes), 1) << " MiB connected, peak "
            << fixed(mib(r.server_rss_peak_bytes), 1) << " MiB, final " << fixed(mib(r.server_rss_final_bytes), 1)
            << " MiB";
        if (r.connections_reached > 0 && r.server_rss_connected_bytes > r.server_rss_baseline_bytes)
            out << " (" << fixed(static_cast<double>(r.server_rss_connected_bytes - r.server_rss_baseline_bytes) /
                                     static_cast<double>(r.connections_reached) / 1024.0,
                                 1)
                << " KiB per connection)";
        if (r.server_cpu_seconds) out << "; CPU " << fixed(*r.server_cpu_seconds, 2) << " s in all";
        out << "\n";
    }
    for (const StepReport& s : r.steps) {
        const LoadCounters& c = s.counters;
        out << "-- step: offered " << fixed(s.offered_per_s, 0) << " msg/s for " << fixed(s.seconds, 1) << " s"
            << (s.offered_per_s > 0 ? (s.sustained ? " [sustained]" : " [NOT sustained: " + s.verdict + "]") : "")
            << "\n";
        if (s.offered_per_s > 0) {
            out << "   sent " << c.sent << " (" << fixed(static_cast<double>(c.sent) / s.seconds, 0) << "/s), acked "
                << c.acked << " (" << fixed(static_cast<double>(c.acked) / s.seconds, 0) << "/s), delivered "
                << c.delivered << " (" << fixed(static_cast<double>(c.delivered) / s.seconds, 0) << "/s)\n";
            out << "   delivery latency: " << latency_text(c.delivery_latency) << "\n";
            out << "   ack latency:      " << latency_text(c.ack_latency) << "\n";
        }
        out << "   errors: " << errors_text(c) << "\n";
        if (s.server_cpu_seconds)
            out << "   server CPU " << fixed(*s.server_cpu_seconds, 2) << " s ("
                << fixed(*s.server_cpu_seconds / s.seconds * 100, 0) << "% of a core), RSS peak "
                << fixed(mib(s.server_rss_peak_bytes), 1) << " MiB, end " << fixed(mib(s.server_rss_end_bytes), 1)
                << " MiB\n";
        out << "   load generator CPU " << fixed(s.loadgen_cpu_seconds, 2) << " s ("
            << fixed(s.loadgen_cpu_seconds / s.seconds * 100, 0) << "% of a core)\n";
    }
    if (const StepReport* best = max_sustained(r))
        out << "max sustained: " << fixed(best->offered_per_s, 0) << " msg/s offered, "
            << fixed(static_cast<double>(best->counters.acked) / best->seconds, 0) << " acked/s, "
            << fixed(static_cast<double>(best->counters.delivered) / best->seconds, 0) << " deliveries/s\n";
    out << "run totals: sent " << r.total.sent << ", acked " << r.total.acked << ", delivered " << r.total.delivered
        << " of " << r.expected_deliveries << " owed, unanswered at the end " << r.unanswered_at_end << "; errors "
        << errors_text(r.total) << "\n";
    if (!r.failure.empty()) out << "FAILED: " << r.failure << "\n";
}

std::string ReportWriter::json_line(const RunReport& r) {
    nlohmann::json steps = nlohmann::json::array();
    for (const StepReport& s : r.steps) {
        const LoadCounters& c = s.counters;
        nlohmann::json step{{"offered_per_s", s.offered_per_s},
                            {"seconds", s.seconds},
                            {"scheduled", s.scheduled},
                            {"sent", c.sent},
                            {"acked", c.acked},
                            {"delivered", c.delivered},
                            {"sent_per_s", static_cast<double>(c.sent) / s.seconds},
                            {"acked_per_s", static_cast<double>(c.acked) / s.seconds},
                            {"deliveries_per_s", static_cast<double>(c.delivered) / s.seconds},
                            {"delivery_latency", latency_json(c.delivery_latency)},
                            {"ack_latency", latency_json(c.ack_latency)},
                            {"errors", c.errors},
                            {"server_rss_peak_bytes", s.server_rss_peak_bytes},
                            {"server_rss_end_bytes", s.server_rss_end_bytes},
                            {"loadgen_cpu_seconds", s.loadgen_cpu_seconds},
                            {"sustained", s.sustained},
                            {"verdict", s.verdict}};
        step["server_cpu_seconds"] = s.server_cpu_seconds ? nlohmann::json(*s.server_cpu_seconds) : nlohmann::json();
        steps.push_back(std::move(step));
    }
    nlohmann::json out{{"label", r.label},
                       {"description", r.description},
                       {"connections_target", r.connections_target},
                       {"connections_reached", r.connections_reached},
                       {"connections_failed", r.connections_failed},
                       {"disconnected", r.disconnected},
                       {"last_close_reason", r.last_close_reason},
                       {"connect_seconds", r.connect_seconds},
                       {"setup_seconds", r.setup_seconds},
                       {"fanout", r.fanout},
                       {"server_rss_baseline_bytes", r.server_rss_baseline_bytes},
                       {"server_rss_connected_bytes", r.server_rss_connected_bytes},
                       {"server_rss_peak_bytes", r.server_rss_peak_bytes},
                       {"server_rss_final_bytes", r.server_rss_final_bytes},
                       {"steps", std::move(steps)},
                       {"total",
                        {{"sent", r.total.sent},
                         {"acked", r.total.acked},
                         {"delivered", r.total.delivered},
                         {"expected_deliveries", r.expected_deliveries},
                         {"unanswered_at_end", r.unanswered_at_end},
                         {"errors", r.total.errors}}},
                       {"failure", r.failure}};
    if (const StepReport* best = max_sustained(r))
        out["max_sustained"] = {{"offered_per_s", best->offered_per_s},
                                {"acked_per_s", static_cast<double>(best->counters.acked) / best->seconds},
                                {"deliveries_per_s", static_cast<double>(best->counters.delivered) / best->seconds}};
    else
        out["max_sustained"] = nullptr;
    out["server_pid"] = r.server_pid ? nlohmann::json(*r.server_pid) : nlohmann::json();
    out["server_cpu_seconds"] = r.server_cpu_seconds ? nlohmann::json(*r.server_cpu_seconds) : nlohmann::json();
    return out.dump();
}

}  // namespace switchboard::bench
