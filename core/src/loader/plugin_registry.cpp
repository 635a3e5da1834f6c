#include "switchboard/loader/plugin_registry.hpp"

#include <unistd.h>

#include <algorithm>

#include "switchboard/config/config_error.hpp"
#include "switchboard/config/schema.hpp"
#include "switchboard/loader/load_error.hpp"

namespace switchboard::loader {

std::filesystem::path PluginRegistry::default_plugin_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return std::filesystem::path("lib/switchboard/plugins");
    // Installed: where cmake --install put the plugins relative to bin/ (lib64,
    // lib/<multiarch>… depending on the prefix); in the build tree: ../lib/switchboard/plugins.
    auto installed = (exe.parent_path() / SWITCHBOARD_PLUGIN_DIR_FROM_BIN).lexically_normal();
    if (std::filesystem::is_directory(installed, ec)) return installed;
    return (exe.parent_path() / ".." / "lib" / "switchboard" / "plugins").lexically_normal();
}

std::filesystem::path PluginRegistry::plugin_dir(const config::ServerConfig& config) {
    if (auto dir = config.server().string("plugin_dir"); dir && !dir->empty()) {
        std::filesystem::path p(*dir);
        return p.is_absolute() ? p : (config.path().parent_path() / p).lexically_normal();
    }
    return default_plugin_dir();
}

int PluginRegistry::start_rank(sb_plugin_kind kind) noexcept {
    switch (kind) {
        case SB_KIND_STORAGE: return 0;
        case SB_KIND_BUS: return 1;
        case SB_KIND_PUSH: return 2;
        case SB_KIND_MEDIA: return 3;
        case SB_KIND_EXTENSION: return 4;
        case SB_KIND_TRANSPORT: return 5;
    }
    return 6;
}

void PluginRegistry::load(const config::ServerConfig& config) {
    const auto dir = plugin_dir(config);
    // Every plugin's config problems are reported together, like the kernel's.
    std::vector<config::Problem> problems;
    for (const auto& entry : config.plugins()) {
        auto file = entry.file.empty() ? dir / (entry.id + ".so") : entry.file;
        auto library = PluginLibrary::open(file);
        // With ids unique in the config (checked there), this makes them unique among loaded plugins.
        if (library->id() != entry.id)
            throw LoadError(library->label() + ": the file holds plugin '" + library->id() + "', but " +
                            config.path().string() + " lists it as '" + entry.id + "' (" + entry.key_path + ")");

        config::Schema schema;
        try {
            schema = config::Schema(library->descriptor().options, library->descriptor().option_count);
        } catch (const std::invalid_argument& e) {
            throw LoadError(library->label() + ": invalid option declarations: " + e.what());
        }
        config::Section section = schema.validate(entry.config, entry.config_location, problems);
        plugins_.push_back(std::make_unique<PluginInstance>(std::move(library), std::move(section)));
    }
    if (!problems.empty()) {
        plugins_.clear();
        throw config::ConfigError(std::move(problems));
    }
    std::stable_sort(plugins_.begin(), plugins_.end(), [](const auto& a, const auto& b) {
        return start_rank(a->library().kind()) < start_rank(b->library().kind());
    });
}

void PluginRegistry::start_all(ConnectionSink* sink, HostServices* services) {
    try {
        for (auto& plugin : plugins_) plugin->create(sink, services);
        for (auto& plugin : plugins_) plugin->start();
    } catch (...) {
        stop_all();
        destroy_all();
        throw;
    }
}

void PluginRegistry::stop_all() {
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) (*it)->stop();
}

void PluginRegistry::destroy_all() {
    for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) (*it)->destroy();
}

std::vector<PluginInstance*> PluginRegistry::of_kind(sb_plugin_kind kind) const {
    std::vector<PluginInstance*> out;
    for (const auto& p : plugins_)
        if (p->library().kind() == kind) out.push_back(p.get());
    return out;
}

PluginInstance& PluginRegistry::storage(const std::filesystem::path& config_path) const {
    auto storages = of_kind(SB_KIND_STORAGE);
    if (storages.size() != 1)
        throw LoadError(config_path.string() + ": exactly one storage plugin must be listed, found " +
                        std::to_string(storages.size()));
    return *storages.front();
}

}  // namespace switchboard::loader
