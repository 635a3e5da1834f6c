#pragma once

#include <string>
#include <vector>

namespace switchboard::server {

// The `switchboard` command: parses arguments and runs the chosen action.
// Exit codes: 0 success, 1 runtime failure, 2 bad configuration or usage.
class CommandLine {
public:
    static int main(int argc, char** argv);

private:
    static int check_config(const std::string& config_path);
    static int list_plugins(const std::string& config_path);
    static int describe_plugin(const std::string& config_path, const std::string& id);
    // docs/configuration.md: every kernel section and every plugin found, as Markdown.
    static int describe_config(const std::string& config_path);
    static int serve(const std::string& config_path, const std::string& log_level);
    // `switchboard migrate`: only the storage plugin, created (not started),
    // applies its schema migrations; what it applied is logged.
    static int migrate(const std::string& config_path, const std::string& log_level);
};

}  // namespace switchboard::server
