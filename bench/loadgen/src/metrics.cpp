#include "metrics.hpp"

namespace switchboard::bench {

void Metrics::open_window() {
    window_ = LoadCounters{};
    window_open_ = true;
}

void Metrics::close_window() { window_open_ = false; }

void Metrics::on_sent() {
    ++total_.sent;
    if (window_open_) ++window_.sent;
}

void Metrics::on_acked(int64_t send_ns, int64_t now_ns) {
    ++total_.acked;
    total_.ack_latency.record_ns(now_ns - send_ns);
    if (!window_open_) return;
    ++window_.acked;
    window_.ack_latency.record_ns(now_ns - send_ns);
}

void Metrics::on_delivered(int64_t send_ns, int64_t now_ns) {
    ++total_.delivered;
    total_.delivery_latency.record_ns(now_ns - send_ns);
    if (!window_open_) return;
    ++window_.delivered;
    window_.delivery_latency.record_ns(now_ns - send_ns);
}

void Metrics::on_error(const std::string& code) {
    ++total_.errors[code];
    if (window_open_) ++window_.errors[code];
}

}  // namespace switchboard::bench
