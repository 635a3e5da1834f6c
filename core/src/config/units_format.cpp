#include "switchboard/config/units_format.hpp"

namespace switchboard::config {

namespace {

struct Unit {
    int64_t factor;
    const char* suffix;
};

// The largest unit that divides `value` exactly, so the text parses back to it.
std::string format_in(int64_t value, std::initializer_list<Unit> units, const char* base_suffix) {
    if (value != 0) {
        for (const Unit& unit : units)
            if (value % unit.factor == 0) return std::to_string(value / unit.factor) + unit.suffix;
    }
    return std::to_string(value) + base_suffix;
}

}  // namespace

std::string format_duration_ms(int64_t ms) {
    if (ms == 0) return "0s";
    return format_in(ms, {{86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}}, "ms");
}

std::string format_size_bytes(int64_t bytes) {
    return format_in(bytes, {{int64_t{1} << 30, "GiB"}, {int64_t{1} << 20, "MiB"}, {int64_t{1} << 10, "KiB"}}, "B");
}

}  // namespace switchboard::config
