// Keepalive: pings, idle timeout, and input counting as a sign of life.
#include <gtest/gtest.h>

#include <thread>

#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::TransportHarness;
using support::WsTestClient;
using namespace std::chrono_literals;

class Keepalive : public ::testing::Test {
protected:
    void SetUp() override {
        harness.set("ping_interval", "1s");
        harness.set("idle_timeout", "2s");
        harness.start();
        ASSERT_EQ(client.connect(harness.port(), {}), 101);
        ASSERT_TRUE(harness.wait_for_opened(1, 5s));
    }

    TransportHarness harness;
    WsTestClient client;
};

TEST_F(Keepalive, SilentClientIsDropped) {
    // The client reads nothing, so it answers no ping.
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(harness.wait_for_closed(1, 6s));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 1500ms);
    EXPECT_TRUE(client.wait_for_eof(5s));
}

TEST_F(Keepalive, PingsKeepAResponsiveClientAlive) {
    // read_message answers every ping with a pong while waiting.
    EXPECT_FALSE(client.read_message(4500ms));
    EXPECT_GE(client.pings_seen(), 2);
    EXPECT_FALSE(client.close_code().has_value());
    EXPECT_TRUE(harness.closed().empty());
    harness.set_echo(true);
    ASSERT_TRUE(client.send_text("alive"));
    EXPECT_EQ(client.read_message(5s), "alive");
}

TEST_F(Keepalive, IncomingDataCountsAsLife) {
    // Never reads (so never pongs), but keeps sending.
    for (int i = 0; i < 10; ++i) {
        ASSERT_TRUE(client.send_text("tick"));
        std::this_thread::sleep_for(450ms);
    }
    EXPECT_TRUE(harness.closed().empty());
    EXPECT_TRUE(harness.wait_for_closed(1, 6s));  // and once it stops, it is dropped
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
