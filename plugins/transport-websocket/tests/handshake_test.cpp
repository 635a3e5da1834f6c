// Opening handshake: conn_open, paths, Origin allow-list, connection limit.
#include <gtest/gtest.h>

#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::TransportHarness;
using support::WsTestClient;
using namespace std::chrono_literals;

TEST(Handshake, ConnectReportsConnOpenWithRemoteAddressAndUserAgent) {
    TransportHarness harness;
    harness.start();
    EXPECT_NE(harness.log_text().find("info: listening on ws://127.0.0.1:" + std::to_string(harness.port()) + "/v1/ws"),
              std::string::npos)
        << harness.log_text();

    WsTestClient client;
    WsTestClient::Options options;
    options.user_agent = "TestAgent/1.0";
    ASSERT_EQ(client.connect(harness.port(), options), 101);
    ASSERT_TRUE(harness.wait_for_opened(1, 5s));
    const auto opened = harness.opened().front();
    EXPECT_EQ(opened.remote_address, client.local_address());
    EXPECT_EQ(opened.user_agent, "TestAgent/1.0");
}

TEST(Handshake, OtherPathsGet404) {
    TransportHarness harness;
    harness.start();
    WsTestClient client;
    WsTestClient::Options options;
    options.path = "/v1/other";
    EXPECT_EQ(client.connect(harness.port(), options), 404);
    EXPECT_EQ(WsTestClient::http_get(harness.port(), "/"), 404);
    EXPECT_EQ(WsTestClient::http_get(harness.port(), "/v1/ws"), 400);  // right path, no upgrade
    EXPECT_TRUE(harness.opened().empty());
}

TEST(Handshake, ConfiguredPathIsServed) {
    TransportHarness harness;
    harness.set("path", "/chat");
    harness.start();
    WsTestClient client;
    WsTestClient::Options options;
    options.path = "/chat";
    EXPECT_EQ(client.connect(harness.port(), options), 101);
    WsTestClient default_path;
    EXPECT_EQ(default_path.connect(harness.port(), {}), 404);
}

TEST(Handshake, QueryStringDoesNotChangeThePath) {
    TransportHarness harness;
    harness.start();
    WsTestClient client;
    WsTestClient::Options options;
    options.path = "/v1/ws?token=abc";
    EXPECT_EQ(client.connect(harness.port(), options), 101);
}

TEST(Handshake, Subprotocols) {
    TransportHarness harness;
    harness.start();
    WsTestClient ours;
    WsTestClient::Options options;
    options.protocol = "chat, switchboard";
    EXPECT_EQ(ours.connect(harness.port(), options), 101);
    WsTestClient other;
    options.protocol = "graphql-ws";
    EXPECT_NE(other.connect(harness.port(), options), 101);
}

TEST(Handshake, OtherUpgradesAreRefused) {
    TransportHarness harness;
    harness.start();
    EXPECT_EQ(WsTestClient::http_get(harness.port(), "/v1/ws", "Upgrade: h2c\r\nConnection: Upgrade\r\n"), 400);
}

TEST(Handshake, OriginAllowList) {
    TransportHarness harness;
    harness.set_list("allowed_origins", {"https://app.example.com", "http://localhost:3000"});
    harness.start();

    WsTestClient allowed;
    WsTestClient::Options options;
    options.origin = "http://localhost:3000";
    EXPECT_EQ(allowed.connect(harness.port(), options), 101);

    WsTestClient refused;
    options.origin = "https://evil.example.com";
    EXPECT_EQ(refused.connect(harness.port(), options), 403);

    WsTestClient native;  // no Origin header: not a browser
    EXPECT_EQ(native.connect(harness.port(), {}), 101);

    EXPECT_TRUE(harness.wait_for_opened(2, 5s));
    EXPECT_EQ(harness.opened().size(), 2u);
}

TEST(Handshake, AnyOriginWhenListEmpty) {
    TransportHarness harness;
    harness.start();
    WsTestClient client;
    WsTestClient::Options options;
    options.origin = "https://anything.example";
    EXPECT_EQ(client.connect(harness.port(), options), 101);
}

TEST(Handshake, ConnectionsBeyondMaxAreRefused) {
    TransportHarness harness;
    harness.set("max_connections", "2");
    harness.start();
    WsTestClient first, second, third;
    ASSERT_EQ(first.connect(harness.port(), {}), 101);
    ASSERT_EQ(second.connect(harness.port(), {}), 101);
    ASSERT_TRUE(harness.wait_for_opened(2, 5s));
    EXPECT_EQ(third.connect(harness.port(), {}), 503);

    first.send_close(1000);
    ASSERT_TRUE(harness.wait_for_closed(1, 5s));
    WsTestClient fourth;
    EXPECT_EQ(fourth.connect(harness.port(), {}), 101);
}

TEST(Handshake, ConnectionRefusedByHostIsClosed) {
    TransportHarness harness;
    harness.set_refuse_connections(true);
    harness.start();
    WsTestClient client;
    ASSERT_EQ(client.connect(harness.port(), {}), 101);
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_EQ(client.close_code(), std::optional<uint16_t>(1001));
    EXPECT_TRUE(client.wait_for_eof(5s));
    EXPECT_TRUE(harness.closed().empty());  // no id was handed out, so none is closed
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
