#include "switchboard/metrics/family.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace switchboard::metrics {

namespace {

std::string number(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", value);
}

// Label values escape backslash, double quote and newline; help text the first and last.
void append_escaped(std::string& out, std::string_view text, bool quotes) {
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '"' && quotes) out += "\\\"";
        else out += c;
    }
}

const char* type_name(MetricType type) {
    switch (type) {
        case MetricType::counter: return "counter";
        case MetricType::gauge: return "gauge";
        case MetricType::histogram: return "histogram";
    }
    return "untyped";
}

}  // namespace

Family::Family(std::string name, std::string help, MetricType type, std::vector<std::string> label_names,
               std::vector<double> buckets)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)),
      buckets_(std::move(buckets)) {
    // A family without labels has its one series from the start, so it renders as 0.
    if (label_names_.empty()) series({});
}

Family::Family(std::string name, std::string help, std::function<double()> sample)
    : name_(std::move(name)), help_(std::move(help)), type_(MetricType::gauge), sample_(std::move(sample)) {}

const std::vector<double>& Family::latency_buckets() {
    static const std::vector<double> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                0.1,    0.25,  0.5,    1,     2.5,  5,     10};
    return buckets;
}

Family::Series& Family::series(std::span<const std::string_view> labels) {
    std::string key;
    for (std::string_view label : labels) {
        key.append(label);
        key.push_back('\0');
    }
    auto it = series_.find(key);
    if (it != series_.end()) return it->second;
    Series s;
    s.labels.assign(labels.begin(), labels.end());
    if (type_ == MetricType::histogram) s.counts.assign(buckets_.size(), 0);
    return series_.emplace(std::move(key), std::move(s)).first->second;
}

void Family::add(std::span<const std::string_view> labels, double value) {
    if (sample_ || labels.size() != label_names_.size() || type_ == MetricType::histogram) return;
    if (type_ == MetricType::counter && !(value >= 0)) return;
    std::lock_guard lock(mutex_);
    series(labels).value += value;
}

void Family::set(std::span<const std::string_view> labels, double value) {
    if (sample_ || labels.size() != label_names_.size() || type_ != MetricType::gauge) return;
    std::lock_guard lock(mutex_);
    series(labels).value = value;
}

void Family::observe(std::span<const std::string_view> labels, double value) {
    if (labels.size() != label_names_.size() || type_ != MetricType::histogram) return;
    std::lock_guard lock(mutex_);
    Series& s = series(labels);
    auto bucket = std::lower_bound(buckets_.begin(), buckets_.end(), value);
    if (bucket != buckets_.end()) ++s.counts[static_cast<size_t>(bucket - buckets_.begin())];
    s.sum += value;
    ++s.count;
}

std::string Family::label_text(const std::vector<std::string>& values, std::string_view extra_name,
                               std::string_view extra_value) const {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        out += out.empty() ? "{" : ",";
        out += label_names_[i];
        out += "=\"";
        append_escaped(out, values[i], true);
        out += '"';
    }
    if (!extra_name.empty()) {
        out += out.empty() ? "{" : ",";
        out += extra_name;
        out += "=\"";
        out += extra_value;
        out += '"';
    }
    if (!out.empty()) out += '}';
    return out;
}

void Family::render(std::string& out) const {
    out += "# HELP " + name_ + " ";
    append_escaped(out, help_, false);
    out += "\n# TYPE " + name_ + " " + type_name(type_) + "\n";
    if (sample_) {
        out += name_ + " " + number(sample_()) + "\n";
        return;
    }
    std::lock_guard lock(mutex_);
    for (const auto& [key, s] : series_) {
        if (type_ != MetricType::histogram) {
            out += name_ + label_text(s.labels) + " " + number(s.value) + "\n";
            continue;
        }
        uint64_t cumulative = 0;
        for (size_t i = 0; i < buckets_.size(); ++i) {
            cumulative += s.counts[i];
            out += name_ + "_bucket" + label_text(s.labels, "le", number(buckets_[i])) + " " +
                   std::to_string(cumulative) + "\n";
        }
        out += name_ + "_bucket" + label_text(s.labels, "le", "+Inf") + " " + std::to_string(s.count) + "\n";
        out += name_ + "_sum" + label_text(s.labels) + " " + number(s.sum) + "\n";
        out += name_ + "_count" + label_text(s.labels) + " " + std::to_string(s.count) + "\n";
    }
}

}  // namespace switchboard::metrics
