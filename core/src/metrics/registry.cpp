#include "switchboard/metrics/registry.hpp"

#include <algorithm>

namespace switchboard::metrics {

namespace {

bool valid_name(const std::string& name, bool colons) {
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
        char c = name[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':') ||
                  (i > 0 && c >= '0' && c <= '9');
        if (!ok) return false;
    }
    return true;
}

constexpr size_t kMaxLabels = 8;

}  // namespace

void Registry::check_name(const std::string& name) const {
    if (!valid_name(name, true))
        throw RegistrationError(SB_ERR_BAD_REQUEST,
                                "metric name '" + name + "' is not of the form [a-zA-Z_:][a-zA-Z0-9_:]*");
    for (const auto& family : families_)
        if (family->name() == name) throw RegistrationError(SB_ERR_CONFLICT, "metric '" + name + "' is already registered");
}

Family& Registry::add(const std::string& name, const std::string& help, MetricType type,
                      std::vector<std::string> label_names, std::vector<double> buckets) {
    std::lock_guard lock(mutex_);
    check_name(name);
    if (label_names.size() > kMaxLabels)
        throw RegistrationError(SB_ERR_BAD_REQUEST, "metric '" + name + "' has more than 8 labels");
    for (const auto& label : label_names) {
        if (!valid_name(label, false) || label.rfind("__", 0) == 0 || (type == MetricType::histogram && label == "le"))
            throw RegistrationError(SB_ERR_BAD_REQUEST, "metric '" + name + "': invalid label name '" + label + "'");
        if (std::count(label_names.begin(), label_names.end(), label) > 1)
            throw RegistrationError(SB_ERR_BAD_REQUEST, "metric '" + name + "': label '" + label + "' appears twice");
    }
    if (type == MetricType::histogram) {
        if (buckets.empty()) buckets = Family::latency_buckets();
        for (size_t i = 0; i < buckets.size(); ++i)
            if (!(buckets[i] == buckets[i]) || (i > 0 && !(buckets[i] > buckets[i - 1])))
                throw RegistrationError(SB_ERR_BAD_REQUEST,
                                        "metric '" + name + "': buckets must be ascending numbers");
    } else if (!buckets.empty()) {
        throw RegistrationError(SB_ERR_BAD_REQUEST, "metric '" + name + "': only histograms have buckets");
    }
    families_.push_back(std::make_unique<Family>(name, help, type, std::move(label_names), std::move(buckets)));
    return *families_.back();
}

Family& Registry::add_sampled(const std::string& name, const std::string& help, std::function<double()> sample) {
    std::lock_guard lock(mutex_);
    check_name(name);
    families_.push_back(std::make_unique<Family>(name, help, std::move(sample)));
    return *families_.back();
}

std::string Registry::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& family : families_) family->render(out);
    return out;
}

}  // namespace switchboard::metrics
