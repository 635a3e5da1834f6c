#pragma once

#include <filesystem>
#include <string>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/interpolator.hpp"
#include "switchboard/config/location.hpp"
#include "switchboard/config/schema.hpp"
#include "switchboard/config/section.hpp"

namespace switchboard::config {

// One item of the `plugins:` list, kept raw until the plugin is loaded and
// its schema is known.
struct PluginEntry {
    std::string id;
    // Absolute when given (a relative one is resolved against the config
    // file's directory); empty when the entry has no `file`.
    std::filesystem::path file;
    YAML::Node config;         // the `config:` mapping; null or undefined when absent
    YAML::Mark mark;           // the entry itself
    std::string key_path;      // "plugins[2]"
    std::string config_file;   // the configuration file, for messages
    Location config_location;  // the `config:` key, or the entry when there is none
};

// Validates the entry's `config` against the plugin's schema, with problems
// located in the configuration file under "plugins[i].config". Throws
// ConfigError with every problem of the section.
Section validate_plugin_section(const PluginEntry& entry, const Schema& schema,
                                const Interpolator& interpolator = Interpolator::environment());

}  // namespace switchboard::config
