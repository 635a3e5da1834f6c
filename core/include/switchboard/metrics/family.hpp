#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::metrics {

enum class MetricType { counter, gauge, histogram };

// One metric family (a name, its help, its labels) and its time series, one
// per combination of label values. Updates are thread-safe (one mutex per
// family, held for a map lookup and an addition).
class Family {
public:
    // The registry checks the name, labels and buckets before building one.
    Family(std::string name, std::string help, MetricType type, std::vector<std::string> label_names,
           std::vector<double> buckets);
    // A gauge without labels whose value is read when rendering.
    Family(std::string name, std::string help, std::function<double()> sample);

    const std::string& name() const noexcept { return name_; }
    MetricType type() const noexcept { return type_; }
    size_t label_count() const noexcept { return label_names_.size(); }

    // `labels` must hold label_count() values; calls with another count, or
    // of the wrong kind (set on a counter, observe on a non-histogram, a
    // negative add on a counter), are ignored.
    void add(std::span<const std::string_view> labels, double value);
    void set(std::span<const std::string_view> labels, double value);
    void observe(std::span<const std::string_view> labels, double value);

    // Appends the family in the Prometheus text format 0.0.4.
    void render(std::string& out) const;

    // Upper bounds in seconds, 0.5 ms to 10 s: request latencies.
    static const std::vector<double>& latency_buckets();

private:
    struct Series {
        std::vector<std::string> labels;
        double value = 0;              // counter, gauge
        std::vector<uint64_t> counts;  // histogram, per bucket (not cumulative)
        double sum = 0;
        uint64_t count = 0;
    };
    Series& series(std::span<const std::string_view> labels);  // mutex_ held
    std::string label_text(const std::vector<std::string>& values, std::string_view extra_name = {},
                           std::string_view extra_value = {}) const;

    std::string name_;
    std::string help_;
    MetricType type_;
    std::vector<std::string> label_names_;
    std::vector<double> buckets_;
    std::function<double()> sample_;
    mutable std::mutex mutex_;
    std::map<std::string, Series> series_;  // by label values joined with '\0'
};

}  // namespace switchboard::metrics
