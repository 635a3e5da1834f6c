#include "plugin_list_reader.hpp"

#include <set>

#include "node_description.hpp"
#include "switchboard/config/suggestion.hpp"

namespace switchboard::config {

namespace {

const std::vector<std::string> kPluginKeys = {"id", "file", "config"};

}  // namespace

PluginListReader::PluginListReader(const std::filesystem::path& config_path, const Interpolator& interpolator,
                                   std::vector<Problem>& problems)
    : config_path_(config_path), interpolator_(interpolator), problems_(problems) {}

std::vector<PluginEntry> PluginListReader::read(const YAML::Node& list, const Location& where) {
    std::vector<PluginEntry> entries;
    if (list.IsNull()) return entries;
    if (!list.IsSequence()) {
        add(where.at(list.Mark(), where.key_path), "expected a list of plugins, got " + describe_node(list));
        return entries;
    }
    size_t index = 0;
    for (const YAML::Node& item : list) {
        Location entry_location = where.at(item.Mark(), join_index(where.key_path, index++));
        if (!item.IsMap()) {
            add(entry_location,
                "expected a mapping with 'id' and optionally 'file' and 'config', got " + describe_node(item));
            continue;
        }
        entries.push_back(read_entry(item, entry_location));
    }
    return entries;
}

PluginEntry PluginListReader::read_entry(const YAML::Node& item, const Location& where) {
    PluginEntry entry;
    entry.mark = item.Mark();
    entry.key_path = where.key_path;
    entry.config_file = where.file;
    entry.config_location = where.key("config");
    bool id_written = false;
    std::set<std::string> seen;
    for (const auto& pair : item) {
        const YAML::Node& key = pair.first;
        const YAML::Node& value = pair.second;
        if (!key.IsScalar()) {
            add(where.at(key.Mark(), where.key_path), "a key must be a plain word, got " + describe_node(key));
            continue;
        }
        const std::string& name = key.Scalar();
        Location key_location = where.at(key.Mark(), join_key(where.key_path, name));
        if (!seen.insert(name).second) {
            add(key_location, "duplicate key '" + name + "'");
        } else if (name == "id") {
            id_written = true;
            if (std::optional<std::string> id = text(value, key_location, "a plugin id such as transport.websocket"))
                entry.id = *id;
        } else if (name == "file") {
            if (std::optional<std::string> file = text(value, key_location, "the path of the plugin's shared object"))
                entry.file = resolve(*file);
        } else if (name == "config") {
            entry.config_location = key_location;
            if (value.IsMap() || value.IsNull())
                entry.config = value;
            else
                add(key_location.at(value.Mark(), key_location.key_path),
                    "expected a mapping of the plugin's options, got " + describe_node(value));
        } else {
            add(key_location, "unknown key '" + name + "'" + did_you_mean(name, kPluginKeys));
        }
    }
    if (!id_written) add(where.key("id"), "missing required key 'id'");
    if (!entry.id.empty()) {
        auto [first, inserted] = first_by_id_.emplace(entry.id, where);
        if (!inserted)
            add(where.key("id"), "duplicate plugin id '" + entry.id + "', already used by " + first->second.key_path +
                                     " (line " + std::to_string(first->second.line) + ")");
    }
    return entry;
}

std::optional<std::string> PluginListReader::text(const YAML::Node& value, const Location& key_location,
                                                  const std::string& expected) {
    if (!value.IsScalar()) {
        Location at = value.IsNull() ? key_location : key_location.at(value.Mark(), key_location.key_path);
        add(at, "expected " + expected + ", got " + describe_node(value));
        return std::nullopt;
    }
    Location value_location = key_location.at(value.Mark(), key_location.key_path);
    std::optional<std::string> expanded = interpolator_.expand_scalar(value, value_location, problems_);
    if (expanded && expanded->empty()) {
        add(value_location, "expected " + expected + ", got an empty string");
        return std::nullopt;
    }
    return expanded;
}

std::filesystem::path PluginListReader::resolve(const std::string& file) const {
    std::filesystem::path path(file);
    if (path.is_relative()) path = std::filesystem::absolute(config_path_).parent_path() / path;
    return path.lexically_normal();
}

void PluginListReader::add(const Location& where, std::string message) {
    problems_.push_back(Problem::at(where, std::move(message)));
}

}  // namespace switchboard::config
