#pragma once

#include <cstdint>
#include <string>

namespace switchboard::config {

// The inverse of sdk::parse_duration_ms for messages: 90000 -> "90s", 3600000 -> "1h".
std::string format_duration_ms(int64_t ms);

// The inverse of sdk::parse_size_bytes for messages: 65536 -> "64KiB", 100 -> "100B".
std::string format_size_bytes(int64_t bytes);

}  // namespace switchboard::config
