// A loaded plugin's lifecycle through the host: create/start/stop/destroy of a
// good plugin with its validated config, and the messages when create() or
// start() fails — by status and message (C) or by exception (C++ wrapper).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/log_capture.hpp"
#include "support/plugin_yaml.hpp"
#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/load_error.hpp"
#include "switchboard/loader/plugin_registry.hpp"

namespace {

using switchboard::config::ServerConfig;
using switchboard::loader::LoadError;
using switchboard::loader::PluginRegistry;
using switchboard::tests::abi::plugin_entry;
using switchboard::tests::abi::LogCapture;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHostAbi = std::to_string(SB_ABI_MAJOR) + "." + std::to_string(SB_ABI_MINOR);

void load(const std::string& plugins_yaml, PluginRegistry& registry) {
    registry.load(ServerConfig::parse("plugins:\n" + plugins_yaml, "/etc/switchboard/abi.yaml"));
}

// The message of the LoadError that start_all throws.
std::string start_failure(PluginRegistry& registry) {
    try {
        registry.start_all(nullptr);
    } catch (const LoadError& e) {
        return e.what();
    }
    ADD_FAILURE() << "start_all succeeded";
    return {};
}

// True when `first` appears in `text`, and `second` after it.
bool in_order(const std::string& text, const std::string& first, const std::string& second) {
    auto a = text.find(first);
    return a != std::string::npos && text.find(second, a + first.size()) != std::string::npos;
}

TEST(Lifecycle, GoodPluginCreatesStartsStopsAndDestroysWithItsConfig) {
    LogCapture log;
    PluginRegistry registry;
    load(plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      greeting: hi\n      repeat: 3\n"), registry);
    ASSERT_EQ(registry.plugins().size(), 1u);
    auto& plugin = *registry.plugins()[0];

    plugin.create(nullptr);
    EXPECT_NE(plugin.instance(), nullptr);
    EXPECT_THAT(log.text(), HasSubstr("info [abi.good] created: greeting=hi repeat=3 host ABI " + kHostAbi +
                                      " (complete 1.0 host table)\n"));
    plugin.start();
    EXPECT_THAT(log.text(), HasSubstr("info [abi.good] started\n"));
    EXPECT_THAT(log.text(),
                HasSubstr("info started abi.good 1.0.0 (ABI " + kHostAbi + ", " + ABI_PLUGIN_GOOD + ")\n"));
    plugin.stop();
    EXPECT_THAT(log.text(), HasSubstr("info [abi.good] stopped\n"));
    plugin.destroy();
    EXPECT_EQ(plugin.instance(), nullptr);
    EXPECT_TRUE(in_order(log.text(), "[abi.good] stopped", "[abi.good] destroyed"));
}

TEST(Lifecycle, DefaultsApplyWhenTheSectionIsAbsent) {
    LogCapture log;
    PluginRegistry registry;
    load(plugin_entry("abi.good", ABI_PLUGIN_GOOD), registry);
    registry.start_all(nullptr);
    registry.stop_all();
    registry.destroy_all();
    EXPECT_THAT(log.text(), HasSubstr("[abi.good] created: greeting=hello repeat=1 "));
    EXPECT_TRUE(in_order(log.text(), "[abi.good] started", "[abi.good] stopped"));
    EXPECT_TRUE(in_order(log.text(), "[abi.good] stopped", "[abi.good] destroyed"));
}

TEST(Lifecycle, CreateReturningAnErrorGivesItsMessage) {
    const std::string file = ABI_PLUGIN_CREATE_FAILS;
    PluginRegistry registry;
    load(plugin_entry("abi.create_fails", file), registry);
    EXPECT_EQ(start_failure(registry), "abi.create_fails 1.2.3 (ABI 1.0, " + file +
                                           "): create failed: cannot reach the licence server at 127.0.0.1:9");
}

TEST(Lifecycle, ExceptionFromTheConstructorComesThroughTheWrapperAsAnError) {
    const std::string file = ABI_PLUGIN_CREATE_THROWS;
    PluginRegistry registry;
    load(plugin_entry("abi.create_throws", file), registry);
    EXPECT_EQ(start_failure(registry), "abi.create_throws 0.9.0 (ABI " + kHostAbi + ", " + file +
                                           "): create failed: spool directory /nonexistent/spool does not exist");
}

TEST(Lifecycle, StartFailureGivesItsMessageAndDestroysTheInstance) {
    LogCapture log;
    const std::string file = ABI_PLUGIN_GOOD;
    PluginRegistry registry;
    load(plugin_entry("abi.good", file, "      fail_start: true\n"), registry);
    EXPECT_EQ(start_failure(registry),
              "abi.good 1.0.0 (ABI " + kHostAbi + ", " + file + "): start failed: fail_start is set");
    EXPECT_TRUE(in_order(log.text(), "[abi.good] created", "[abi.good] destroyed"));
    EXPECT_THAT(log.text(), Not(HasSubstr("[abi.good] stopped")));
    EXPECT_EQ(registry.plugins()[0]->instance(), nullptr);
}

TEST(Lifecycle, OnePluginFailingToCreateTakesDownThoseAlreadyCreated) {
    LogCapture log;
    PluginRegistry registry;
    load(plugin_entry("abi.good", ABI_PLUGIN_GOOD) + plugin_entry("abi.create_fails", ABI_PLUGIN_CREATE_FAILS),
         registry);
    EXPECT_THAT(start_failure(registry), HasSubstr("abi.create_fails 1.2.3"));
    EXPECT_TRUE(in_order(log.text(), "[abi.good] created", "[abi.good] destroyed"));
    EXPECT_THAT(log.text(), Not(HasSubstr("[abi.good] started")));
}

}  // namespace
