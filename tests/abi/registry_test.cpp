// PluginRegistry::load: what a configuration listing plugins by `file:` gets
// refused for beyond a single library's checks (duplicate ids, a file holding
// another plugin, bad option declarations), and the validation of a plugin's
// YAML section against the options it declares.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/plugin_yaml.hpp"
#include "switchboard/config/config_error.hpp"
#include "switchboard/config/server_config.hpp"
#include "switchboard/loader/load_error.hpp"
#include "switchboard/loader/plugin_registry.hpp"

namespace {

using switchboard::config::ConfigError;
using switchboard::config::ServerConfig;
using switchboard::loader::LoadError;
using switchboard::loader::PluginRegistry;
using switchboard::tests::abi::plugin_entry;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kConfigFile = "/etc/switchboard/abi.yaml";
const std::string kHostAbi = std::to_string(SB_ABI_MAJOR) + "." + std::to_string(SB_ABI_MINOR);

// Parses `yaml` and loads its plugins, as `switchboard --check-config` does.
void load(const std::string& yaml, PluginRegistry& registry) {
    registry.load(ServerConfig::parse(yaml, kConfigFile));
}

// The message of the LoadError or ConfigError that loading `yaml` throws.
std::string refusal_of(const std::string& yaml) {
    PluginRegistry registry;
    try {
        load(yaml, registry);
    } catch (const LoadError& e) {
        return e.what();
    } catch (const ConfigError& e) {
        return e.what();
    }
    ADD_FAILURE() << "the configuration was accepted:\n" << yaml;
    return {};
}

TEST(RegistryRefusal, TwoFilesListedUnderTheSameId) {
    const std::string yaml = "plugins:\n" + plugin_entry("abi.duplicate", ABI_PLUGIN_DUPLICATE_FIRST) +
                             plugin_entry("abi.duplicate", ABI_PLUGIN_DUPLICATE_SECOND);
    EXPECT_EQ(refusal_of(yaml), kConfigFile +
                                    ":4:5: plugins[1].id: duplicate plugin id 'abi.duplicate', already used by "
                                    "plugins[0] (line 2)");
}

TEST(RegistryRefusal, SecondFileDeclaringAnIdAlreadyLoadedUnderAnotherName) {
    const std::string first = ABI_PLUGIN_DUPLICATE_FIRST;
    const std::string second = ABI_PLUGIN_DUPLICATE_SECOND;
    const std::string yaml = "plugins:\n" + plugin_entry("abi.duplicate", first) +
                             plugin_entry("abi.duplicate_second", second);
    const std::string message = refusal_of(yaml);
    EXPECT_EQ(message, "abi.duplicate 2.0.0 (ABI 1.0, " + second +
                           "): the file holds plugin 'abi.duplicate', but " + kConfigFile +
                           " lists it as 'abi.duplicate_second' (plugins[1])");
    EXPECT_THAT(message, AllOf(HasSubstr(second), HasSubstr("'abi.duplicate'"), HasSubstr("2.0.0")));
}

TEST(RegistryRefusal, FileHoldingAnotherPlugin) {
    const std::string file = ABI_PLUGIN_GOOD;
    const std::string yaml = "plugins:\n" + plugin_entry("transport.websocket", file);
    EXPECT_EQ(refusal_of(yaml), "abi.good 1.0.0 (ABI " + kHostAbi + ", " + file +
                                    "): the file holds plugin 'abi.good', but " + kConfigFile +
                                    " lists it as 'transport.websocket' (plugins[0])");
}

TEST(RegistryRefusal, ABrokenPluginStopsTheWholeLoad) {
    const std::string yaml = "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD) +
                             plugin_entry("abi.minor_too_new", ABI_PLUGIN_MINOR_TOO_NEW);
    EXPECT_THAT(refusal_of(yaml), StartsWith(std::string(ABI_PLUGIN_MINOR_TOO_NEW) +
                                             " (abi.minor_too_new 1.0.0): requires plugin ABI 1.99"));
}

TEST(RegistryRefusal, OptionDeclarationThatIsNotValid) {
    const std::string file = ABI_PLUGIN_BAD_OPTION_DECLARATION;
    const std::string yaml = "plugins:\n" + plugin_entry("abi.bad_option_declaration", file);
    EXPECT_THAT(refusal_of(yaml),
                AllOf(StartsWith("abi.bad_option_declaration 1.0.0 (ABI 1.0, " + file +
                                 "): invalid option declarations: "),
                      HasSubstr("workers"), HasSubstr("many")));
}

TEST(RegistrySection, UnknownKeyNamesFileLineAndKeyPath) {
    const std::string yaml = "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      greting: hi\n");
    EXPECT_EQ(refusal_of(yaml),
              kConfigFile + ":5:7: plugins[0].config.greting: unknown key 'greting'; did you mean 'greeting'?");
}

TEST(RegistrySection, EveryProblemOfTheSectionIsReported) {
    const std::string yaml = "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD,
                                                         "      repeat: many\n"
                                                         "      fail_start: maybe\n"
                                                         "      colour: blue\n");
    const std::string message = refusal_of(yaml);
    EXPECT_THAT(message, HasSubstr(kConfigFile + ":5:15: plugins[0].config.repeat: expected an integer, got 'many'"));
    EXPECT_THAT(message, HasSubstr(kConfigFile + ":6:19: plugins[0].config.fail_start: "));
    EXPECT_THAT(message, HasSubstr(kConfigFile + ":7:7: plugins[0].config.colour: unknown key 'colour'"));
}

TEST(RegistrySection, ProblemsOfEveryPluginAreReportedTogether) {
    const std::string yaml = "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      repeat: many\n") +
                             plugin_entry("abi.create_throws", ABI_PLUGIN_CREATE_THROWS, "      anything: 1\n");
    EXPECT_EQ(refusal_of(yaml),
              kConfigFile + ":5:15: plugins[0].config.repeat: expected an integer, got 'many'\n" + kConfigFile +
                  ":9:7: plugins[1].config.anything: unknown key 'anything'");
}

TEST(RegistrySection, ValueOutOfItsDeclaredRange) {
    const std::string yaml = "plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      repeat: 11\n");
    EXPECT_THAT(refusal_of(yaml), StartsWith(kConfigFile + ":5:15: plugins[0].config.repeat: "));
}

TEST(RegistrySection, ValidSectionLoads) {
    PluginRegistry registry;
    load("plugins:\n" + plugin_entry("abi.good", ABI_PLUGIN_GOOD, "      greeting: hi\n      repeat: 3\n"), registry);
    ASSERT_EQ(registry.plugins().size(), 1u);
    EXPECT_EQ(registry.plugins()[0]->id(), "abi.good");
    EXPECT_EQ(registry.of_kind(SB_KIND_EXTENSION).size(), 1u);
}

}  // namespace
