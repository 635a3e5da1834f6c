// The plugin's option checks, through the SDK's TestHost (create() reads and
// checks the section; nothing connects before start()).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "switchboard/sdk/testing/test_host.hpp"

using switchboard::sdk::testing::TestHost;

namespace {

std::string create_error(const std::vector<std::pair<std::string, std::string>>& settings) {
    TestHost host(SB_MQTT_PLUGIN_PATH);
    for (const auto& [key, value] : settings) host.set(key, value);
    try {
        host.create();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "created";
}

}  // namespace

TEST(MqttConfig, DefaultsCreate) {
    EXPECT_EQ(create_error({}), "created");
    EXPECT_EQ(create_error({{"url", "mqtt://[::1]:1884"}, {"protocol", "3.1.1"}, {"username", "sb"}, {"password", "pw"}}),
              "created");
}

TEST(MqttConfig, InconsistentSectionsAreRefused) {
    EXPECT_EQ(create_error({{"url", "http://x"}}),
              "create failed: transport.mqtt: 'url': 'http://x' is not a broker URL: expected mqtt://HOST[:PORT] or "
              "mqtts://HOST[:PORT]");
    EXPECT_EQ(create_error({{"password", "pw"}}), "create failed: transport.mqtt: 'password' is set but 'username' is not");
    EXPECT_EQ(create_error({{"url", "mqtts://h"}, {"tls.cert_file", "/c.pem"}}),
              "create failed: transport.mqtt: set both 'tls.cert_file' and 'tls.key_file', or neither");
    EXPECT_EQ(create_error({{"tls.insecure", "true"}}),
              "create failed: transport.mqtt: 'tls.*' options are set but 'url' is mqtt://127.0.0.1:1883 (use mqtts:// "
              "for TLS)");
    EXPECT_EQ(create_error({{"topic_prefix", "sb/#"}}),
              "create failed: transport.mqtt: 'topic_prefix': the topic prefix 'sb/#' must not contain the wildcards "
              "'+' or '#'");
    EXPECT_EQ(create_error({{"client_id", "a/b"}}),
              "create failed: transport.mqtt: 'client_id' must not contain '/', '+' or '#', got 'a/b'");
    EXPECT_EQ(create_error({{"reconnect_min", "10s"}, {"reconnect_max", "1s"}}),
              "create failed: transport.mqtt: 'reconnect_max' (1000ms) must not be shorter than 'reconnect_min' "
              "(10000ms)");
}

TEST(MqttConfig, MissingTlsFilesAreReportedAtCreate) {
    std::string error = create_error({{"url", "mqtts://127.0.0.1"}, {"tls.ca_file", "/nonexistent/ca.pem"}});
    EXPECT_EQ(error.rfind("create failed: transport.mqtt: TLS files (tls.ca_file '/nonexistent/ca.pem'", 0), 0u) << error;
}
