#pragma once

#include <stdexcept>
#include <string>

namespace switchboard::loader {

// A plugin was refused or failed to come up. The message names the file, the
// plugin id and the versions involved, ready to show as is.
class LoadError : public std::runtime_error {
public:
    explicit LoadError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace switchboard::loader
