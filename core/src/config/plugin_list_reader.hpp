#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "switchboard/config/interpolator.hpp"
#include "switchboard/config/location.hpp"
#include "switchboard/config/plugin_entry.hpp"
#include "switchboard/config/problem.hpp"

namespace switchboard::config {

// Reads the `plugins:` list of switchboard.yaml: each entry's id and file,
// checked, and its `config` kept raw for the plugin's schema.
class PluginListReader {
public:
    PluginListReader(const std::filesystem::path& config_path, const Interpolator& interpolator,
                     std::vector<Problem>& problems);

    std::vector<PluginEntry> read(const YAML::Node& list, const Location& where);

private:
    PluginEntry read_entry(const YAML::Node& item, const Location& where);
    std::optional<std::string> text(const YAML::Node& value, const Location& key_location, const std::string& expected);
    std::filesystem::path resolve(const std::string& file) const;
    void add(const Location& where, std::string message);

    const std::filesystem::path& config_path_;
    const Interpolator& interpolator_;
    std::vector<Problem>& problems_;
    std::map<std::string, Location> first_by_id_;
};

}  // namespace switchboard::config
