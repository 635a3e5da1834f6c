#pragma once

#include <memory>
#include <stdexcept>
#include <vector>

#include "switchboard/config/problem.hpp"

namespace switchboard::config {

// Every problem found in a configuration file; what() has one line per problem.
class ConfigError : public std::runtime_error {
public:
    explicit ConfigError(std::vector<Problem> problems);
    explicit ConfigError(Problem problem);

    const std::vector<Problem>& problems() const noexcept { return *problems_; }

private:
    static std::string render(const std::vector<Problem>& problems);

    // Shared so that copying the exception cannot throw.
    std::shared_ptr<const std::vector<Problem>> problems_;
};

}  // namespace switchboard::config
