// The daemon itself: `switchboard --check-config` on a configuration listing a
// broken plugin by `file:` prints the loader's message and exits 2 (bad
// configuration); --describe-plugin and --list-plugins read plugins through the
// same checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/command_result.hpp"
#include "support/plugin_yaml.hpp"
#include "support/temp_dir.hpp"
#include "switchboard/abi.h"

namespace {

using switchboard::tests::abi::CommandResult;
using switchboard::tests::abi::plugin_entry;
using switchboard::tests::abi::TempDir;
using ::testing::HasSubstr;

constexpr int kExitBadConfiguration = 2;
const std::string kServerSpeaks =
    "this server speaks ABI " + std::to_string(SB_ABI_MAJOR) + "." + std::to_string(SB_ABI_MINOR);

CommandResult check_config(const TempDir& dir, const std::string& plugins_yaml) {
    auto config = dir.write("switchboard.yaml", "plugins:\n" + plugins_yaml);
    return CommandResult::run({SWITCHBOARD_BINARY, "--check-config", "--config", config.string()});
}

TEST(Daemon, CheckConfigRefusesAPluginThatNeedsANewerMinor) {
    TempDir dir;
    const std::string file = ABI_PLUGIN_MINOR_TOO_NEW;
    CommandResult result = check_config(dir, plugin_entry("abi.minor_too_new", file));
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("switchboard: " + file +
                                         " (abi.minor_too_new 1.0.0): requires plugin ABI 1.99 or newer; " +
                                         kServerSpeaks));
}

TEST(Daemon, CheckConfigRefusesAPluginOfAnotherMajor) {
    TempDir dir;
    const std::string file = ABI_PLUGIN_OTHER_MAJOR_SYMBOL;
    CommandResult result = check_config(dir, plugin_entry("abi.other_major_symbol", file));
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("switchboard: " + file +
                                         ": built for plugin ABI 2.x (exports sb_plugin_entry_v2); " + kServerSpeaks));
}

TEST(Daemon, CheckConfigRefusesATextFile) {
    TempDir dir;
    const std::string file = ABI_PLUGIN_NOT_A_SHARED_OBJECT;
    CommandResult result = check_config(dir, plugin_entry("abi.not_a_shared_object", file));
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("switchboard: " + file + ": not a loadable shared object: "));
}

TEST(Daemon, CheckConfigReportsAnUnknownKeyInAPluginSection) {
    TempDir dir;
    CommandResult result = check_config(dir, plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      greting: hi\n"));
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr((dir.path() / "switchboard.yaml").string() +
                                         ":5:7: plugins[0].config.greting: unknown key 'greting'"));
}

TEST(Daemon, CheckConfigAppliesTheRulesBetweenKernelKeys) {
    TempDir dir;
    auto config = dir.write("switchboard.yaml", "calls:\n  ice_servers:\n    turn:\n      urls: [\"turn:127.0.0.1:3478\"]\n"
                                                "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD));
    CommandResult result = CommandResult::run({SWITCHBOARD_BINARY, "--check-config", "--config", config.string()});
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("calls.ice_servers.turn.secret"));
    EXPECT_THAT(result.output, HasSubstr("no secret to mint their credentials with"));
}

TEST(Daemon, CheckConfigAcceptsAGoodPlugin) {
    TempDir dir;
    CommandResult result = check_config(dir, plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      repeat: 2\n"));
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_THAT(result.output, HasSubstr("configuration OK (1 plugins)"));
}

// A storage plugin of ABI 1.0 loads on this server (its shorter vtable reads
// as "no migrate"), and `switchboard migrate` says why it cannot run it.
TEST(Daemon, MigrateExplainsThatAnAbi10StorageHasNoMigrateFunction) {
    TempDir dir;
    const std::string file = ABI_PLUGIN_STORAGE_1_0;
    auto config = dir.write("switchboard.yaml", "plugins:\n" + plugin_entry("abi.storage_1_0", file));
    CommandResult result = CommandResult::run({SWITCHBOARD_BINARY, "migrate", "--config", config.string()});
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("switchboard: abi.storage_1_0 1.0.0 (ABI 1.0, " + file +
                                         "): this storage plugin cannot migrate on demand (no migrate function); "
                                         "it prepares its schema when it starts"));
}

TEST(Daemon, MigrateNeedsExactlyOneStoragePlugin) {
    TempDir dir;
    auto config = dir.write("switchboard.yaml", "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD));
    CommandResult result = CommandResult::run({SWITCHBOARD_BINARY, "migrate", "--config", config.string()});
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("switchboard: " + config.string() +
                                         ": exactly one storage plugin must be listed, found 0"));
}

TEST(Daemon, DescribePluginPrintsItsDeclaredOptions) {
    TempDir dir;
    auto config = dir.write("switchboard.yaml", std::string("server:\n  plugin_dir: ") + ABI_PLUGIN_DIR + "\n");
    CommandResult result =
        CommandResult::run({SWITCHBOARD_BINARY, "--config", config.string(), "--describe-plugin", "abi.good"});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_THAT(result.output, HasSubstr("abi.good 1.0.0"));
    EXPECT_THAT(result.output, HasSubstr("greeting"));
    EXPECT_THAT(result.output, HasSubstr("What to log when created"));
    EXPECT_THAT(result.output, HasSubstr("fail_start"));
}

TEST(Daemon, DescribePluginRefusesABrokenOne) {
    TempDir dir;
    auto config = dir.write("switchboard.yaml", std::string("server:\n  plugin_dir: ") + ABI_PLUGIN_DIR + "\n");
    CommandResult result =
        CommandResult::run({SWITCHBOARD_BINARY, "--config", config.string(), "--describe-plugin", "abi.unknown_kind"});
    EXPECT_EQ(result.exit_code, kExitBadConfiguration) << result.output;
    EXPECT_THAT(result.output, HasSubstr("(abi.unknown_kind 1.0.0): unknown plugin kind 42"));
}

TEST(Daemon, ListPluginsShowsGoodOnesAndWhyOthersAreRefused) {
    TempDir dir;
    auto config = dir.write("switchboard.yaml", std::string("server:\n  plugin_dir: ") + ABI_PLUGIN_DIR + "\n");
    CommandResult result = CommandResult::run({SWITCHBOARD_BINARY, "--config", config.string(), "--list-plugins"});
    EXPECT_EQ(result.exit_code, 0) << result.output;
    EXPECT_THAT(result.output, HasSubstr("  abi.good 1.0.0  [extension, ABI "));
    EXPECT_THAT(result.output, HasSubstr("  (refused) " + std::string(ABI_PLUGIN_MINOR_TOO_NEW) + " ("));
    EXPECT_THAT(result.output, HasSubstr("  (refused) " + std::string(ABI_PLUGIN_NO_ENTRY_SYMBOL) + ": "));
}

}  // namespace
