#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/connection_sink.hpp"
#include "switchboard/loader/plugin_instance.hpp"

namespace switchboard::loader {

// The plugins listed in the configuration: loaded, checked, configured, and
// brought up and down in dependency order (storage first, transports last —
// so no request arrives before storage can take it — and the reverse on stop).
class PluginRegistry {
public:
    // Where `--list-plugins` looks and where a plugin without `file:` is found:
    // server.plugin_dir, or <executable dir>/../lib/switchboard/plugins.
    static std::filesystem::path plugin_dir(const config::ServerConfig& config);
    static std::filesystem::path default_plugin_dir();

    // Loads every listed plugin and validates its section against its declared
    // options. Throws LoadError or config::ConfigError; a listed plugin that
    // fails stops startup.
    void load(const config::ServerConfig& config);

    // create() then start() each plugin in order; on failure, stops and
    // destroys what came up and rethrows.
    void start_all(ConnectionSink* sink, HostServices* services = nullptr);
    // Transports first, storage last.
    void stop_all();
    void destroy_all();

    const std::vector<std::unique_ptr<PluginInstance>>& plugins() const noexcept { return plugins_; }
    std::vector<PluginInstance*> of_kind(sb_plugin_kind kind) const;
    // The storage plugin; throws LoadError naming `config_path` unless exactly one is listed.
    PluginInstance& storage(const std::filesystem::path& config_path) const;

private:
    static int start_rank(sb_plugin_kind kind) noexcept;

    std::vector<std::unique_ptr<PluginInstance>> plugins_;  // in start order
};

}  // namespace switchboard::loader
