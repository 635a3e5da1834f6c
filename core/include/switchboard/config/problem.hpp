#pragma once

#include <string>

#include "switchboard/config/location.hpp"

namespace switchboard::config {

// One thing wrong in a configuration file, located precisely enough to fix it.
struct Problem {
    std::string file;
    int line = 0;    // 1-based; 0 when unknown
    int column = 0;  // 1-based; 0 when unknown
    std::string key_path;
    std::string message;

    static Problem at(const Location& where, std::string message);

    // "FILE:LINE:COL: KEY.PATH: MESSAGE", leaving out the parts that are unknown.
    std::string to_string() const;

    friend bool operator==(const Problem&, const Problem&) = default;
};

}  // namespace switchboard::config
