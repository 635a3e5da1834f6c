#include "pacer.hpp"

#include <cmath>
#include <limits>

namespace switchboard::bench {

Pacer::Pacer(double per_second, int64_t start_ns) : per_second_(per_second), start_ns_(start_ns) {}

uint64_t Pacer::scheduled_by(int64_t now_ns) const {
    if (per_second_ <= 0 || now_ns <= start_ns_) return 0;
    return static_cast<uint64_t>(static_cast<double>(now_ns - start_ns_) * per_second_ / 1e9);
}

uint64_t Pacer::take_due(int64_t now_ns) {
    uint64_t due = scheduled_by(now_ns);
    if (due <= taken_) return 0;
    uint64_t count = due - taken_;
    taken_ = due;
    return count;
}

int64_t Pacer::next_due_ns() const {
    if (per_second_ <= 0) return std::numeric_limits<int64_t>::max();
    return start_ns_ + static_cast<int64_t>(std::ceil(static_cast<double>(taken_ + 1) * 1e9 / per_second_));
}

}  // namespace switchboard::bench
