#pragma once

#include <cstdint>

namespace switchboard::bench {

// Open-loop pacing: the schedule is fixed by the rate and the start time, not
// by replies, so a slow server meets the offered load instead of slowing the
// sender down (no coordinated omission).
class Pacer {
public:
    Pacer(double per_second, int64_t start_ns);

    // How many sends fell due by now that were not taken yet.
    uint64_t take_due(int64_t now_ns);
    uint64_t scheduled_by(int64_t now_ns) const;
    uint64_t taken() const { return taken_; }
    // When the next send falls due.
    int64_t next_due_ns() const;

private:
    double per_second_;
    int64_t start_ns_;
    uint64_t taken_ = 0;
};

}  // namespace switchboard::bench
