#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace switchboard::config {

// A validated option value: absent (monostate), a STRING, an INT/DURATION(ms)/
// SIZE(bytes), a DOUBLE, a BOOL or a STRING_LIST.
using Value = std::variant<std::monostate, std::string, int64_t, double, bool, std::vector<std::string>>;

}  // namespace switchboard::config
