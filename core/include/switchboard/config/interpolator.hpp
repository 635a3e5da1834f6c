#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/location.hpp"
#include "switchboard/config/problem.hpp"

namespace switchboard::config {

// Expands variables in configuration values: ${VAR} (an error when VAR is
// unset), ${VAR:-default} (the default when VAR is unset or empty) and the
// escape $${, which stands for a literal ${.
//
// Values are expanded when they are read against a schema, not when the file
// is parsed: the option's type is then judged on the expanded text, and a
// node shared through a YAML alias is never expanded twice.
class Interpolator {
public:
    // The value of a variable, or nullopt when it is not set.
    using Lookup = std::function<std::optional<std::string>(const std::string& name)>;

    struct Result {
        std::string value;
        std::vector<std::string> errors;  // empty when the expansion succeeded
    };

    explicit Interpolator(Lookup lookup);

    // Reads the process environment.
    static const Interpolator& environment();

    Result expand(std::string_view text) const;

    // The expanded text of a scalar node; nullopt after adding one problem at
    // `where` per error.
    std::optional<std::string> expand_scalar(const YAML::Node& scalar, const Location& where,
                                             std::vector<Problem>& problems) const;

private:
    Lookup lookup_;
};

}  // namespace switchboard::config
