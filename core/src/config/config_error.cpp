#include "switchboard/config/config_error.hpp"

namespace switchboard::config {

ConfigError::ConfigError(std::vector<Problem> problems)
    : std::runtime_error(render(problems)),
      problems_(std::make_shared<const std::vector<Problem>>(std::move(problems))) {}

ConfigError::ConfigError(Problem problem) : ConfigError(std::vector<Problem>{std::move(problem)}) {}

std::string ConfigError::render(const std::vector<Problem>& problems) {
    std::string text;
    for (const Problem& problem : problems) {
        if (!text.empty()) text += '\n';
        text += problem.to_string();
    }
    return text;
}

}  // namespace switchboard::config
