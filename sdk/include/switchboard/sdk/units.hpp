// Switchboard C++ SDK (header-only): parsing of the DURATION and SIZE option
// notations, shared by the host's config validation and the SDK test host.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace switchboard::sdk {

namespace detail {
inline std::optional<std::pair<double, std::string_view>> split_number(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    size_t i = 0;
    while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + i, value);
    if (ec != std::errc() || ptr != text.data() + i) return std::nullopt;
    std::string_view unit = text.substr(i);
    while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
    return std::make_pair(value, unit);
}
}  // namespace detail

// "250ms", "30s", "5m", "2h", "1d", or a bare number of seconds -> milliseconds.
inline std::optional<int64_t> parse_duration_ms(std::string_view text) {
    auto parts = detail::split_number(text);
    if (!parts) return std::nullopt;
    auto [value, unit] = *parts;
    double factor;
    if (unit.empty() || unit == "s") factor = 1000;
    else if (unit == "ms") factor = 1;
    else if (unit == "m" || unit == "min") factor = 60'000;
    else if (unit == "h") factor = 3'600'000;
    else if (unit == "d") factor = 86'400'000;
    else return std::nullopt;
    double ms = value * factor;
    if (ms > 9.0e15) return std::nullopt;
    return static_cast<int64_t>(ms);
}

// "512", "512B", "64KB"/"64KiB", "16MB"/"16MiB", "1GB"/"1GiB" -> bytes (all binary multiples).
inline std::optional<int64_t> parse_size_bytes(std::string_view text) {
    auto parts = detail::split_number(text);
    if (!parts) return std::nullopt;
    auto [value, unit] = *parts;
    double factor;
    if (unit.empty() || unit == "B") factor = 1;
    else if (unit == "K" || unit == "KB" || unit == "KiB" || unit == "k") factor = 1024.0;
    else if (unit == "M" || unit == "MB" || unit == "MiB") factor = 1024.0 * 1024;
    else if (unit == "G" || unit == "GB" || unit == "GiB") factor = 1024.0 * 1024 * 1024;
    else return std::nullopt;
    double bytes = value * factor;
    if (bytes > 9.0e15) return std::nullopt;
    return static_cast<int64_t>(bytes);
}

}  // namespace switchboard::sdk
