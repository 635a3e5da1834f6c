#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

namespace switchboard::config {

// What a node is, for "expected X, got Y" messages: "'abc'", "a list",
// "a mapping" or "nothing".
std::string describe_node(const YAML::Node& node);

}  // namespace switchboard::config
