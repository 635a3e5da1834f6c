// Helpers shared by the config tests: a fixed variable table instead of the
// process environment, and validation of inline YAML.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "switchboard/config/document.hpp"
#include "switchboard/config/interpolator.hpp"
#include "switchboard/config/location.hpp"
#include "switchboard/config/problem.hpp"
#include "switchboard/config/schema.hpp"

namespace switchboard::config {

// Lets GoogleTest print a Problem as the line a user would read.
inline void PrintTo(const Problem& problem, std::ostream* out) {
    *out << problem.to_string();
}

}  // namespace switchboard::config

namespace switchboard::config::testing {

inline Interpolator fixed_variables(std::map<std::string, std::string> variables) {
    return Interpolator([variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
        auto it = variables.find(name);
        if (it == variables.end()) return std::nullopt;
        return it->second;
    });
}

// The section `demo` of test.yaml, starting at line 1: the YAML text is the
// section's mapping itself, so line N of the text is line N of the file.
inline Location demo_section() {
    return Location{"test.yaml", 1, 1, "demo"};
}

inline std::vector<Problem> problems_of(const Schema& schema, const std::string& yaml,
                                        const Interpolator& variables = fixed_variables({})) {
    Document document = Document::parse(yaml, "test.yaml");
    std::vector<Problem> problems;
    schema.validate(document.root(), demo_section(), problems, variables);
    return problems;
}

inline Section section_of(const Schema& schema, const std::string& yaml,
                          const Interpolator& variables = fixed_variables({})) {
    Document document = Document::parse(yaml, "test.yaml");
    return schema.validate(document.root(), demo_section(), variables);
}

}  // namespace switchboard::config::testing
