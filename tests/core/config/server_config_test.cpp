#include "switchboard/config/server_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "switchboard/config/config_error.hpp"
#include "switchboard/sdk/plugin.hpp"
#include "test_support.hpp"

namespace switchboard::config {
namespace {

using sdk::option;
using ::testing::ElementsAre;
using testing::fixed_variables;
using ::testing::IsEmpty;

const std::string kDataDir = std::string(SB_TEST_DATA_DIR) + "/config";

std::string fixture(const std::string& name) {
    return kDataDir + "/" + name;
}

std::vector<std::string> rendered_problems(const std::function<void()>& load) {
    std::vector<std::string> lines;
    try {
        load();
        ADD_FAILURE() << "no ConfigError";
    } catch (const ConfigError& error) {
        for (const Problem& problem : error.problems()) lines.push_back(problem.to_string());
    }
    return lines;
}

const sb_option kStorageOptions[] = {option("path", SB_OPT_STRING, nullptr, true, "Database file")};
const sb_option kWebsocketOptions[] = {
    option("port", SB_OPT_INT, "8080", false, "TCP port", 1, 65535),
    option("tls.cert_file", SB_OPT_STRING, nullptr, false, "PEM certificate"),
    option("tls.key_file", SB_OPT_STRING, nullptr, false, "PEM private key"),
};

TEST(ServerConfig, LoadsKernelSectionsAndPlugins) {
    auto variables = fixed_variables({{"SB_TEST_RPS", "75"}});
    ServerConfig config = ServerConfig::load(fixture("full.yaml"), variables);
    EXPECT_EQ(config.path(), fixture("full.yaml"));
    EXPECT_EQ(config.server().string("data_dir"), "/var/lib/switchboard");
    EXPECT_EQ(config.server().string("log_level"), "warn");
    EXPECT_EQ(config.server().duration("shutdown_timeout"), std::chrono::seconds(30));
    EXPECT_EQ(config.auth().string("jwt_secret"), "dev-secret");
    EXPECT_EQ(config.auth().duration("access_token_ttl"), std::chrono::minutes(5));
    EXPECT_EQ(config.auth().string("external.issuer"), "https://id.example");
    EXPECT_EQ(config.auth().boolean("external.auto_provision"), false);
    EXPECT_EQ(config.auth().string("external.audience"), std::nullopt);
    EXPECT_EQ(config.chat().integer("max_body_bytes"), 128 * 1024);
    EXPECT_EQ(config.chat().integer("edit_window"), 0);
    EXPECT_EQ(config.limits().integer("requests_per_second"), 75);
    EXPECT_EQ(&config.section("chat"), &config.chat());
    EXPECT_THROW(config.section("plugins"), std::out_of_range);

    ASSERT_EQ(config.plugins().size(), 3u);
    const PluginEntry& storage = config.plugins()[0];
    EXPECT_EQ(storage.id, "storage.sqlite");
    EXPECT_TRUE(storage.file.empty());
    EXPECT_EQ(storage.key_path, "plugins[0]");
    EXPECT_EQ(storage.mark.line + 1, 18);
    EXPECT_EQ(storage.config_file, fixture("full.yaml"));
    EXPECT_EQ(config.plugins()[1].file, std::filesystem::path(kDataDir) / "plugins/transport_websocket.so");
    EXPECT_EQ(config.plugins()[2].file, "/opt/switchboard/push_log.so");
    EXPECT_EQ(config.plugins()[2].id, "push.log");
}

TEST(ServerConfig, PluginSectionsValidateAgainstTheirSchema) {
    auto variables = fixed_variables({{"SB_WS_PORT", "9443"}});
    ServerConfig config = ServerConfig::load(fixture("full.yaml"), variables);
    Section storage = validate_plugin_section(config.plugins()[0], Schema(kStorageOptions), variables);
    EXPECT_EQ(storage.string("path"), "/tmp/sb.db");
    Section websocket = validate_plugin_section(config.plugins()[1], Schema(kWebsocketOptions), variables);
    EXPECT_EQ(websocket.integer("port"), 9443);
    EXPECT_EQ(websocket.string("tls.cert_file"), "42");
    EXPECT_EQ(websocket.problem("tls.cert_file", "unreadable").to_string(),
              fixture("full.yaml") + ":26:20: plugins[1].config.tls.cert_file: unreadable");
    Section push = validate_plugin_section(config.plugins()[2], Schema(), variables);
    EXPECT_THAT(push.entries(), IsEmpty());
}

TEST(ServerConfig, PluginSectionProblemsHaveFileLineAndKeyPath) {
    ServerConfig config = ServerConfig::load(fixture("plugin_errors.yaml"));
    const std::string file = fixture("plugin_errors.yaml");
    EXPECT_THAT(rendered_problems([&] { validate_plugin_section(config.plugins()[0], Schema(kStorageOptions)); }),
                ElementsAre(file + ":2:5: plugins[0].config.path: missing required key 'path'"));
    EXPECT_THAT(
        rendered_problems([&] { validate_plugin_section(config.plugins()[1], Schema(kWebsocketOptions)); }),
        ElementsAre(file + ":5:13: plugins[1].config.port: expected an integer, got 'eighty'",
                    file + ":7:20: plugins[1].config.tls.cert_file: expected a string, got a list",
                    file + ":8:9: plugins[1].config.tls.key_fil: unknown key 'key_fil'; did you mean 'key_file'?"));
}

TEST(ServerConfig, CollectsEveryProblemOfTheFileInOrder) {
    const std::string file = fixture("errors.yaml");
    EXPECT_THAT(
        rendered_problems([&] { ServerConfig::load(file); }),
        ElementsAre(file + ":1:1: servr: unknown key 'servr'; did you mean 'server'?",
                    file + ":4:21: auth.access_token_ttl: expected a duration such as 250ms, 30s, 5m, 1h, 1d or a "
                           "number of seconds, got 'soon'",
                    file + ":6:13: auth.external.issuer: expected a string, got a list",
                    file + ":8:22: chat.max_group_members: must be between 2 and 100000, got 1",
                    file + ":10:18: limits.session_queue: expected an integer, got 'lots'",
                    file + ":14:5: plugins[1].id: missing required key 'id'",
                    file + ":15:5: plugins[2].id: duplicate plugin id 'transport.websocket', already used by "
                           "plugins[0] (line 12)",
                    file + ":16:5: plugins[2].confg: unknown key 'confg'; did you mean 'config'?",
                    file + ":17:5: plugins[3]: expected a mapping with 'id' and optionally 'file' and 'config', got "
                           "'just-a-string'"));
}

TEST(ServerConfig, EmptyFileMeansAllDefaultsAndNoPlugins) {
    ServerConfig config = ServerConfig::parse("", "/etc/switchboard/switchboard.yaml");
    EXPECT_EQ(config.server().string("data_dir"), "./data");
    EXPECT_THAT(config.plugins(), IsEmpty());
    EXPECT_THAT(ServerConfig::parse("plugins:\n", "x.yaml").plugins(), IsEmpty());
}

TEST(ServerConfig, RelativePluginFilesResolveAgainstTheConfigDirectory) {
    ServerConfig config = ServerConfig::parse(
        "plugins:\n  - id: a\n    file: ../lib/a.so\n  - id: b\n    file: ./b.so\n  - id: c\n    file: "
        "${SB_LIB}/c.so\n",
        "/etc/switchboard/switchboard.yaml", fixed_variables({{"SB_LIB", "/usr/lib/sb"}}));
    EXPECT_EQ(config.plugins()[0].file, "/etc/lib/a.so");
    EXPECT_EQ(config.plugins()[1].file, "/etc/switchboard/b.so");
    EXPECT_EQ(config.plugins()[2].file, "/usr/lib/sb/c.so");
}

TEST(ServerConfig, MalformedPluginListsAreProblems) {
    auto problems_of = [](const std::string& yaml) {
        return rendered_problems([&] { ServerConfig::parse(yaml, "sb.yaml", fixed_variables({})); });
    };
    EXPECT_THAT(problems_of("plugins: storage.sqlite\n"),
                ElementsAre("sb.yaml:1:10: plugins: expected a list of plugins, got 'storage.sqlite'"));
    EXPECT_THAT(
        problems_of("plugins:\n  - id: [a]\n"),
        ElementsAre("sb.yaml:2:9: plugins[0].id: expected a plugin id such as transport.websocket, got a list"));
    EXPECT_THAT(problems_of("plugins:\n  - id: ''\n"),
                ElementsAre("sb.yaml:2:9: plugins[0].id: expected a plugin id such as transport.websocket, got an "
                            "empty string"));
    EXPECT_THAT(problems_of("plugins:\n  - id: ${SB_ID}\n"),
                ElementsAre("sb.yaml:2:9: plugins[0].id: environment variable 'SB_ID' is not set (write "
                            "${SB_ID:-default} to give a default)"));
    EXPECT_THAT(problems_of("plugins:\n  - id: a\n    config: [x]\n"),
                ElementsAre("sb.yaml:3:13: plugins[0].config: expected a mapping of the plugin's options, got a list"));
    EXPECT_THAT(problems_of("plugins:\n  - id: a\n    id: b\n"),
                ElementsAre("sb.yaml:3:5: plugins[0].id: duplicate key 'id'"));
}

TEST(ServerConfig, TopLevelProblems) {
    auto problems_of = [](const std::string& yaml) {
        return rendered_problems([&] { ServerConfig::parse(yaml, "sb.yaml", fixed_variables({})); });
    };
    EXPECT_THAT(problems_of("plugin: []\n"),
                ElementsAre("sb.yaml:1:1: plugin: unknown key 'plugin'; did you mean 'plugins'?"));
    EXPECT_THAT(problems_of("storage: {}\n"), ElementsAre("sb.yaml:1:1: storage: unknown key 'storage'"));
    EXPECT_THAT(problems_of("- server\n"),
                ElementsAre("sb.yaml:1:1: expected a mapping with server, auth, chat, limits, attachments, server_api, calls, push and plugins at the top, "
                            "got a list"));
    EXPECT_THAT(problems_of("chat: {}\nchat: {}\n"), ElementsAre("sb.yaml:2:1: chat: duplicate key 'chat'"));
    EXPECT_THAT(problems_of("server: 3\n"), ElementsAre("sb.yaml:1:9: server: expected a mapping, got '3'"));
    EXPECT_THAT(
        problems_of("server:\n  log_level: verbose\n"),
        ElementsAre("sb.yaml:2:14: server.log_level: must be one of trace|debug|info|warn|error, got 'verbose'"));
}

TEST(ServerConfig, TypeOfAKernelValueIsJudgedAfterInterpolation) {
    ServerConfig config = ServerConfig::parse("limits:\n  request_burst: ${SB_BURST}\n", "sb.yaml",
                                              fixed_variables({{"SB_BURST", "800"}}));
    EXPECT_EQ(config.limits().integer("request_burst"), 800);
}

TEST(ServerConfig, TheShippedDefaultConfigurationIsValid) {
    ServerConfig config =
        ServerConfig::load(std::string(SB_TEST_DATA_DIR) + "/../../config/switchboard.yaml", fixed_variables({}));
    EXPECT_EQ(config.auth().string("jwt_secret"), "");
    EXPECT_FALSE(config.plugins().empty());
}

TEST(ServerConfig, SyntaxErrorIsReportedWithTheFile) {
    EXPECT_THAT(rendered_problems([] { ServerConfig::parse("server: [\n", "sb.yaml"); }),
                ElementsAre(::testing::StartsWith("sb.yaml:")));
}

}  // namespace
}  // namespace switchboard::config
