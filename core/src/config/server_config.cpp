#include "switchboard/config/server_config.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "node_description.hpp"
#include "plugin_list_reader.hpp"
#include "switchboard/config/config_error.hpp"
#include "switchboard/config/kernel_options.hpp"
#include "switchboard/config/schema.hpp"
#include "switchboard/config/suggestion.hpp"

namespace switchboard::config {

namespace {

const std::vector<std::string> kTopLevelKeys = {"server",     "auth",  "chat", "limits", "attachments",
                                                "server_api", "calls", "push", "plugins"};

const Schema& kernel_schema(std::string_view name) {
    static const std::map<std::string_view, Schema> schemas = [] {
        std::map<std::string_view, Schema> built;
        for (const KernelSection& section : kernel_sections()) built.emplace(section.name, Schema(section.options));
        return built;
    }();
    return schemas.at(name);
}

}  // namespace

ServerConfig ServerConfig::load(const std::filesystem::path& path, const Interpolator& interpolator) {
    return from_document(Document::load_file(path), path, interpolator);
}

ServerConfig ServerConfig::parse(std::string_view yaml, const std::filesystem::path& path,
                                 const Interpolator& interpolator) {
    return from_document(Document::parse(yaml, path.string()), path, interpolator);
}

const Section& ServerConfig::section(std::string_view name) const {
    auto it = sections_.find(name);
    if (it == sections_.end()) throw std::out_of_range("no kernel section '" + std::string(name) + "'");
    return it->second;
}

ServerConfig ServerConfig::from_document(const Document& document, const std::filesystem::path& path,
                                         const Interpolator& interpolator) {
    std::vector<Problem> problems;
    ServerConfig config;
    config.path_ = path;
    const YAML::Node& root = document.root();
    const Location file = document.location();

    struct Found {
        YAML::Node node;
        Location location;
    };
    std::map<std::string, Found> kernel_nodes;
    if (root.IsMap()) {
        std::set<std::string> seen;
        for (const auto& pair : root) {
            const YAML::Node& key = pair.first;
            if (!key.IsScalar()) {
                problems.push_back(Problem::at(file.at(key.Mark(), ""), "a key must be a plain word"));
                continue;
            }
            const std::string& name = key.Scalar();
            Location key_location = file.at(key.Mark(), name);
            if (!seen.insert(name).second) {
                problems.push_back(Problem::at(key_location, "duplicate key '" + name + "'"));
            } else if (name == "plugins") {
                config.plugins_ = PluginListReader(path, interpolator, problems).read(pair.second, key_location);
            } else if (std::find(kTopLevelKeys.begin(), kTopLevelKeys.end(), name) != kTopLevelKeys.end()) {
                kernel_nodes[name] = Found{pair.second, key_location};
            } else {
                problems.push_back(
                    Problem::at(key_location, "unknown key '" + name + "'" + did_you_mean(name, kTopLevelKeys)));
            }
        }
    } else if (!root.IsNull()) {
        problems.push_back(Problem::at(
            file.at(root.Mark(), ""),
            "expected a mapping with server, auth, chat, limits, attachments, server_api, calls, push and plugins at the top, got " + describe_node(root)));
    }

    for (const KernelSection& section : kernel_sections()) {
        std::string name(section.name);
        auto found = kernel_nodes.find(name);
        YAML::Node node = found == kernel_nodes.end() ? YAML::Node() : found->second.node;
        Location location = found == kernel_nodes.end() ? file.key(name) : found->second.location;
        config.sections_.emplace(name, kernel_schema(section.name).validate(node, location, problems, interpolator));
    }

    if (!problems.empty()) {
        std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
            return std::tie(a.line, a.column) < std::tie(b.line, b.column);
        });
        throw ConfigError(std::move(problems));
    }
    return config;
}

}  // namespace switchboard::config
