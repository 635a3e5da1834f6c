#include "switchboard/config/location.hpp"

namespace switchboard::config {

Location Location::at(const YAML::Mark& mark, std::string key_path) const {
    Location moved{file, line, column, std::move(key_path)};
    // yaml-cpp marks are 0-based, and -1 when there is no position.
    if (mark.line >= 0) {
        moved.line = mark.line + 1;
        moved.column = mark.column + 1;
    }
    return moved;
}

Location Location::key(const std::string& name) const {
    return Location{file, line, column, join_key(key_path, name)};
}

std::string join_key(const std::string& key_path, const std::string& name) {
    if (key_path.empty()) return name;
    return key_path + "." + name;
}

std::string join_index(const std::string& key_path, size_t index) {
    return key_path + "[" + std::to_string(index) + "]";
}

}  // namespace switchboard::config
