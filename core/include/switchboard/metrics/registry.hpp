#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "switchboard/abi.h"
#include "switchboard/metrics/family.hpp"

namespace switchboard::metrics {

// Why a family was refused: SB_ERR_BAD_REQUEST (invalid name, label or
// buckets) or SB_ERR_CONFLICT (the name is taken).
class RegistrationError : public std::runtime_error {
public:
    RegistrationError(sb_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
    sb_status status() const noexcept { return status_; }

private:
    sb_status status_;
};

// Every metric family of the server, the kernel's and the plugins', rendered
// together for /metrics. Registration and rendering are thread-safe; families
// live as long as the registry.
class Registry {
public:
    // Throws RegistrationError. Empty buckets for a histogram: Family::latency_buckets().
    Family& add(const std::string& name, const std::string& help, MetricType type,
                std::vector<std::string> label_names = {}, std::vector<double> buckets = {});
    Family& add_sampled(const std::string& name, const std::string& help, std::function<double()> sample);

    // The Prometheus text format 0.0.4, families in registration order.
    std::string render() const;

private:
    void check_name(const std::string& name) const;  // mutex_ held

    mutable std::mutex mutex_;
    std::deque<std::unique_ptr<Family>> families_;
};

}  // namespace switchboard::metrics
