// example.line tested as the server sees it: the built plugin loaded by the
// SDK's TestHost, which stands in for the kernel, and real TCP clients.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "host_events.hpp"
#include "line_client.hpp"
#include "switchboard/sdk/testing/test_host.hpp"

namespace example::line::tests {
namespace {

using switchboard::sdk::testing::TestHost;

// The port the plugin logged after binding port 0, or 0.
uint16_t logged_port(const TestHost& host) {
    const std::string marker = "listening on 127.0.0.1:";
    for (const std::string& line : host.logs())
        if (auto at = line.find(marker); at != std::string::npos)
            return static_cast<uint16_t>(std::stoi(line.substr(at + marker.size())));
    return 0;
}

// The message of the exception create_and_start() throws, or "".
std::string start_failure(TestHost& host) {
    try {
        host.create_and_start();
    } catch (const std::exception& e) {
        return e.what();
    }
    return {};
}

class LineTransportTest : public ::testing::Test {
protected:
    void start(const std::map<std::string, std::string>& options = {}) {
        host_.set("port", "0");
        for (const auto& [key, value] : options) host_.set(key, value);
        host_.create_and_start();
        port_ = logged_port(host_);
        ASSERT_NE(port_, 0);
    }

    // The host's side: a reply, as the kernel would send one.
    sb_status send(uint64_t conn, std::string_view bytes) {
        sb_payload* payload = host_.make_payload(bytes);
        sb_status status = host_.vtable<sb_transport_vtable>()->send(host_.instance(), conn, payload);
        host_.release(payload);
        return status;
    }
    void close(uint64_t conn) {
        host_.vtable<sb_transport_vtable>()->close(host_.instance(), conn, 1000, sb_str{"bye", 3});
    }

    // Connects a client and sends one request, so the connection is known to both sides.
    uint64_t connect_and_greet(LineClient& client) {
        size_t before = events_.received().size();
        client.write("{\"op\":\"hello\"}\n");
        EXPECT_TRUE(events_.wait_received(before + 1));
        return events_.received().back().conn;
    }

    void TearDown() override {
        // Before events_ goes: stopping reports conn_closed into it.
        host_.stop_and_destroy();
        EXPECT_EQ(TestHost::live_payloads(), 0) << "a payload was retained and never released";
    }

    TestHost host_{EXAMPLE_LINE_PLUGIN};
    HostEvents events_{host_};
    uint16_t port_ = 0;
};

TEST_F(LineTransportTest, EachLineIsOneRequest) {
    start();
    LineClient client(port_);
    client.write("{\"id\":1}\n\n{\"id\":2}\r\n{\"id\":");
    ASSERT_TRUE(events_.wait_received(2));
    client.write("3}\n");
    ASSERT_TRUE(events_.wait_received(3));

    auto received = events_.received();
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received[0].data, "{\"id\":1}");
    EXPECT_EQ(received[1].data, "{\"id\":2}");
    EXPECT_EQ(received[2].data, "{\"id\":3}");
    ASSERT_EQ(events_.opened().size(), 1u);
    for (const auto& r : received) EXPECT_EQ(r.conn, events_.opened()[0]);
    EXPECT_EQ(events_.remote_addresses()[0].rfind("127.0.0.1:", 0), 0u);
}

TEST_F(LineTransportTest, EachPayloadIsWrittenAsOneLineInOrder) {
    start();
    LineClient client(port_);
    uint64_t conn = connect_and_greet(client);
    EXPECT_EQ(send(conn, "{\"id\":1,\"ok\":true}"), SB_OK);
    EXPECT_EQ(send(conn, "{\"event\":\"typing\"}"), SB_OK);
    EXPECT_EQ(client.read_line(), "{\"id\":1,\"ok\":true}");
    EXPECT_EQ(client.read_line(), "{\"event\":\"typing\"}");
}

TEST_F(LineTransportTest, ManyLargePayloadsArriveWholeAndInOrder) {
    start();
    LineClient client(port_);
    uint64_t conn = connect_and_greet(client);
    constexpr int kCount = 200;
    for (int i = 0; i < kCount; ++i)
        ASSERT_EQ(send(conn, std::to_string(i) + ":" + std::string(10'000, 'p')), SB_OK) << i;
    for (int i = 0; i < kCount; ++i) {
        auto line = client.read_line();
        ASSERT_TRUE(line.has_value()) << i;
        EXPECT_EQ(*line, std::to_string(i) + ":" + std::string(10'000, 'p'));
    }
}

TEST_F(LineTransportTest, HostCloseFlushesThenReportsClosedOnce) {
    start();
    LineClient client(port_);
    uint64_t conn = connect_and_greet(client);
    EXPECT_EQ(send(conn, "last words"), SB_OK);
    close(conn);
    EXPECT_EQ(client.read_line(), "last words");
    EXPECT_TRUE(client.closed_by_server());
    ASSERT_TRUE(events_.wait_closed(conn));
    EXPECT_EQ(events_.closed()[conn], 1);
    EXPECT_EQ(send(conn, "too late"), SB_ERR_NOT_FOUND);
}

TEST_F(LineTransportTest, ClientLeavingIsReportedOnce) {
    start();
    uint64_t conn;
    {
        LineClient client(port_);
        conn = connect_and_greet(client);
    }
    ASSERT_TRUE(events_.wait_closed(conn));
    EXPECT_EQ(events_.closed()[conn], 1);
    EXPECT_EQ(send(conn, "anyone?"), SB_ERR_NOT_FOUND);
}

TEST_F(LineTransportTest, StopClosesEveryConnectionAndReportsEach) {
    start();
    LineClient first(port_);
    LineClient second(port_);
    uint64_t a = connect_and_greet(first);
    uint64_t b = connect_and_greet(second);
    host_.stop_and_destroy();
    EXPECT_EQ(events_.closed(), (std::map<uint64_t, int>{{a, 1}, {b, 1}}));
    EXPECT_TRUE(first.closed_by_server());
    EXPECT_TRUE(second.closed_by_server());
}

TEST_F(LineTransportTest, ConnectionTheHostRefusesIsClosedAtOnce) {
    events_.accept_connections(false);
    start();
    LineClient client(port_);
    client.write("{\"id\":1}\n");
    EXPECT_TRUE(client.closed_by_server());
    EXPECT_TRUE(events_.received().empty());
    EXPECT_TRUE(events_.closed().empty());
}

TEST_F(LineTransportTest, OverlongLineDisconnectsTheClient) {
    start({{"max_line_bytes", "16"}});
    LineClient client(port_);
    ASSERT_TRUE(events_.wait_opened(1));
    uint64_t conn = events_.opened()[0];
    client.write(std::string(100, 'x'));
    EXPECT_TRUE(client.closed_by_server());
    ASSERT_TRUE(events_.wait_closed(conn));
    EXPECT_TRUE(events_.received().empty());
}

TEST_F(LineTransportTest, SendBeyondTheQueueLimitIsBusyAndCutsTheClientOff) {
    start({{"max_send_queue", "1024"}});
    LineClient client(port_);
    uint64_t conn = connect_and_greet(client);
    EXPECT_EQ(send(conn, std::string(2000, 'y')), SB_ERR_BUSY);
    ASSERT_TRUE(events_.wait_closed(conn));
    EXPECT_EQ(events_.closed()[conn], 1);
    EXPECT_TRUE(client.closed_by_server());
}

TEST(LineTransportConfig, HostMustBeAnIpv4Address) {
    TestHost host(EXAMPLE_LINE_PLUGIN);
    host.set("host", "localhost");
    EXPECT_EQ(start_failure(host), "create failed: host: 'localhost' is not an IPv4 address");
}

TEST(LineTransportConfig, PortInUseFailsStart) {
    TestHost first(EXAMPLE_LINE_PLUGIN);
    first.set("port", "0");
    first.create_and_start();
    const std::string port = std::to_string(logged_port(first));
    TestHost second(EXAMPLE_LINE_PLUGIN);
    second.set("port", port);
    EXPECT_EQ(start_failure(second), "start failed: cannot listen on 127.0.0.1:" + port + ": Address already in use");
}

}  // namespace
}  // namespace example::line::tests
