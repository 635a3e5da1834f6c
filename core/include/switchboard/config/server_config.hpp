#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/config/document.hpp"
#include "switchboard/config/interpolator.hpp"
#include "switchboard/config/plugin_entry.hpp"
#include "switchboard/config/section.hpp"

namespace switchboard::config {

// switchboard.yaml: the kernel's sections (server, auth, chat, limits,
// attachments, server_api, calls, push),
// validated, and the list of plugins, whose sections are validated later
// against each plugin's schema (validate_plugin_section).
class ServerConfig {
public:
    // Throw ConfigError with every problem of the file: YAML syntax, unknown
    // keys, bad values in kernel sections, malformed plugin entries, duplicate
    // plugin ids. `path` is kept for messages and to resolve plugin files.
    static ServerConfig load(const std::filesystem::path& path,
                             const Interpolator& interpolator = Interpolator::environment());
    static ServerConfig parse(std::string_view yaml, const std::filesystem::path& path,
                              const Interpolator& interpolator = Interpolator::environment());

    const std::filesystem::path& path() const noexcept { return path_; }
    const Section& server() const { return section("server"); }
    const Section& auth() const { return section("auth"); }
    const Section& chat() const { return section("chat"); }
    const Section& limits() const { return section("limits"); }
    const Section& attachments() const { return section("attachments"); }
    const Section& server_api() const { return section("server_api"); }
    const Section& calls() const { return section("calls"); }
    const Section& push() const { return section("push"); }
    // A kernel section by name (see kernel_sections()); throws std::out_of_range for another name.
    const Section& section(std::string_view name) const;
    const std::vector<PluginEntry>& plugins() const noexcept { return plugins_; }

private:
    ServerConfig() = default;
    static ServerConfig from_document(const Document& document, const std::filesystem::path& path,
                                      const Interpolator& interpolator);

    std::filesystem::path path_;
    std::map<std::string, Section, std::less<>> sections_;
    std::vector<PluginEntry> plugins_;
};

}  // namespace switchboard::config
