#include "switchboard/server/command_line.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "switchboard/calls/call_settings.hpp"
#include "switchboard/chat/chat_settings.hpp"
#include "switchboard/config/config_error.hpp"
#include "switchboard/config/kernel_options.hpp"
#include "switchboard/config/schema.hpp"
#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/load_error.hpp"
#include "switchboard/loader/plugin_library.hpp"
#include "switchboard/loader/plugin_registry.hpp"
#include "switchboard/notify/push_settings.hpp"
#include "switchboard/server/kernel.hpp"

namespace switchboard::server {

namespace po = boost::program_options;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void setup_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("switchboard");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(level));
}

// The plugin directory to search: the config's when a config file is given and
// loads, the default next to the executable otherwise.
std::filesystem::path plugin_dir_for(const std::string& config_path) {
    if (config_path.empty()) return loader::PluginRegistry::default_plugin_dir();
    return loader::PluginRegistry::plugin_dir(config::ServerConfig::load(config_path));
}

}  // namespace

int CommandLine::main(int argc, char** argv) {
    po::options_description options(
        "switchboard — chat, calls and push server.\n\n"
        "Usage: switchboard --config FILE            serve\n"
        "       switchboard migrate --config FILE    apply the storage plugin's schema migrations and exit\n\n"
        "Options");
    options.add_options()("help,h", "show this help")("version", "print the server version and plugin ABI version")(
        "config,c", po::value<std::string>()->default_value(""), "configuration file (YAML)")(
        "check-config", "validate the configuration, kernel and plugin sections, and exit")(
        "list-plugins", "list the plugins found in the plugin directory")(
        "describe-plugin", po::value<std::string>(), "print a plugin's configuration options")(
        "describe-config", "print every configuration key (kernel and plugins) as Markdown")(
        "log-level", po::value<std::string>(), "trace, debug, info, warn or error (overrides server.log_level)");
    po::options_description hidden;
    hidden.add_options()("command", po::value<std::string>());
    po::options_description all;
    all.add(options).add(hidden);
    po::positional_options_description positional;
    positional.add("command", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "switchboard: " << e.what() << "\n" << options << "\n";
        return kExitUsage;
    }
    if (vm.count("help")) {
        std::cout << options << "\n";
        return kExitOk;
    }
    if (vm.count("version")) {
        std::cout << "switchboard " << SWITCHBOARD_VERSION << " (plugin ABI " << SB_ABI_MAJOR << "." << SB_ABI_MINOR
                  << ")\n";
        return kExitOk;
    }
    const std::string command = vm.count("command") ? vm["command"].as<std::string>() : "";
    if (!command.empty() && command != "migrate") {
        std::cerr << "switchboard: unknown command '" << command << "' (the only command is migrate; see --help)\n";
        return kExitUsage;
    }
    const std::string config_path = vm["config"].as<std::string>();
    std::string log_level = vm.count("log-level") ? vm["log-level"].as<std::string>() : "";
    if (!log_level.empty() && spdlog::level::from_str(log_level) == spdlog::level::off && log_level != "off") {
        std::cerr << "switchboard: --log-level: expected trace, debug, info, warn or error, got '" << log_level << "'\n";
        return kExitUsage;
    }
    try {
        if (vm.count("list-plugins")) return list_plugins(config_path);
        if (vm.count("describe-plugin")) return describe_plugin(config_path, vm["describe-plugin"].as<std::string>());
        if (vm.count("describe-config")) return describe_config(config_path);
        if (config_path.empty()) {
            std::cerr << "switchboard: --config FILE is required (try config/switchboard.yaml)\n";
            return kExitUsage;
        }
        if (vm.count("check-config")) return check_config(config_path);
        if (command == "migrate") return migrate(config_path, log_level);
        return serve(config_path, log_level);
    } catch (const config::ConfigError& e) {
        std::cerr << e.what() << "\n";
        return kExitUsage;
    } catch (const loader::LoadError& e) {
        std::cerr << "switchboard: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "switchboard: " << e.what() << "\n";
        return kExitFailure;
    }
}

int CommandLine::check_config(const std::string& config_path) {
    auto config = config::ServerConfig::load(config_path);
    // The rules between keys that a schema cannot say (TURN URLs need a
    // secret, ...), as the kernel applies them when it starts.
    (void)chat::ChatSettings::from(config.chat(), config.attachments());
    (void)notify::PushSettings::from(config.push());
    (void)calls::CallSettings::from(config.calls());
    loader::PluginRegistry registry;
    registry.load(config);
    std::cout << config_path << ": configuration OK (" << registry.plugins().size() << " plugins)\n";
    return kExitOk;
}

int CommandLine::list_plugins(const std::string& config_path) {
    auto dir = plugin_dir_for(config_path);
    std::cout << "plugins in " << dir.string() << ":\n";
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".so") files.push_back(entry.path());
    if (ec) {
        std::cerr << "switchboard: cannot read " << dir.string() << ": " << ec.message() << "\n";
        return kExitFailure;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        try {
            auto lib = loader::PluginLibrary::open(file);
            const auto& d = lib->descriptor();
            std::cout << "  " << lib->id() << " " << lib->version() << "  [" << loader::PluginLibrary::kind_name(lib->kind())
                      << ", ABI " << d.abi_major << "." << d.abi_minor << "]  "
                      << (d.description ? d.description : "") << "\n";
        } catch (const loader::LoadError& e) {
            std::cout << "  (refused) " << e.what() << "\n";
        }
    }
    return kExitOk;
}

int CommandLine::describe_plugin(const std::string& config_path, const std::string& id) {
    auto file = plugin_dir_for(config_path) / (id + ".so");
    auto lib = loader::PluginLibrary::open(file);
    const auto& d = lib->descriptor();
    std::cout << lib->id() << " " << lib->version() << " — " << (d.description ? d.description : "") << "\n"
              << "kind: " << loader::PluginLibrary::kind_name(lib->kind()) << ", requires plugin ABI " << d.abi_major
              << "." << d.abi_minor << ", file: " << lib->file().string() << "\n\n"
              << "options:\n"
              << config::Schema(d.options, d.option_count).describe();
    return kExitOk;
}

int CommandLine::describe_config(const std::string& config_path) {
    std::cout << "# Configuration reference\n\n"
                 "Generated by `switchboard --describe-config` from the options the kernel and each plugin\n"
                 "declare; a test checks that this file matches, so it cannot drift.\n\n"
                 "## The file\n\n"
                 "One YAML file (`switchboard --config FILE`) with the kernel sections `server`, `auth`,\n"
                 "`chat`, `limits`, `attachments`, `server_api` and the list `plugins`. Any scalar may use\n"
                 "`${VAR}` (an error when unset) or `${VAR:-default}` (the default when unset or empty);\n"
                 "`$${` is a literal `${`.\n"
                 "Types are judged after substitution, so `port: ${SB_WS_PORT:-8081}` is an integer.\n"
                 "Every problem is reported with file, line, column and key path — an unknown key (with\n"
                 "a suggestion), a wrong type, a missing required key, a value out of range — and\n"
                 "`switchboard --check-config` reports all of them, plugins' sections included.\n\n"
                 "Durations: `250ms`, `30s`, `5m`, `2h`, `1d` or a number of seconds. Sizes: `512`, `64KiB`,\n"
                 "`16MiB`, `1GiB` (KB/MB/GB are binary too).\n\n"
                 "## Kernel sections\n";
    for (const auto& section : config::kernel_sections()) {
        std::cout << "\n### `" << section.name << "`\n\n"
                  << config::Schema(section.options.data(), static_cast<uint32_t>(section.options.size()))
                         .describe_markdown();
    }
    std::cout << "\n## Plugins\n\nEach plugin is listed under `plugins:` as `{id, file?, config}`; its keys go in `config`.\n";
    auto dir = plugin_dir_for(config_path);
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.path().extension() == ".so") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        auto lib = loader::PluginLibrary::open(file);
        const auto& d = lib->descriptor();
        std::cout << "\n### `" << lib->id() << "`\n\n"
                  << (d.description ? d.description : "") << " (" << loader::PluginLibrary::kind_name(lib->kind())
                  << " plugin, version " << lib->version() << ")\n\n"
                  << config::Schema(d.options, d.option_count).describe_markdown();
    }
    return kExitOk;
}

int CommandLine::migrate(const std::string& config_path, const std::string& log_level) {
    auto config = config::ServerConfig::load(config_path);
    // At least info: the plugin reports each migration it applies there.
    auto level = spdlog::level::from_str(!log_level.empty() ? log_level
                                                            : config.server().string("log_level").value_or("info"));
    setup_logging(spdlog::level::to_string_view(std::min(level, spdlog::level::info)).data());
    loader::PluginRegistry registry;
    registry.load(config);
    loader::PluginInstance& storage = registry.storage(config.path());
    storage.create(nullptr);
    storage.migrate();
    std::cout << storage.library().label() << ": the schema is current\n";
    return kExitOk;
}

int CommandLine::serve(const std::string& config_path, const std::string& log_level) {
    auto config = config::ServerConfig::load(config_path);
    setup_logging(!log_level.empty() ? log_level : config.server().string("log_level").value_or("info"));
    Kernel kernel(std::move(config));
    kernel.run();
    return kExitOk;
}

}  // namespace switchboard::server
