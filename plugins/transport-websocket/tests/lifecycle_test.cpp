// start()/stop(): shutdown with open connections, configuration errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <thread>
#include <vector>

#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::TransportHarness;
using support::WsTestClient;
using sdk::testing::TestHost;
using namespace std::chrono_literals;

std::vector<uint64_t> sorted(std::vector<uint64_t> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<uint64_t> ids_of(const std::vector<TransportHarness::Opened>& opened) {
    std::vector<uint64_t> ids;
    for (const auto& o : opened) ids.push_back(o.id);
    return sorted(ids);
}

TEST(Lifecycle, StopClosesEveryConnectionWithGoingAwayAndReportsEach) {
    TransportHarness harness;
    harness.start();
    std::vector<std::unique_ptr<WsTestClient>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<WsTestClient>());
        ASSERT_EQ(clients.back()->connect(harness.port(), {}), 101);
    }
    ASSERT_TRUE(harness.wait_for_opened(5, 5s));
    ASSERT_EQ(harness.send(harness.opened()[0].id, "last words"), SB_OK);

    std::vector<std::thread> readers;
    std::vector<std::string> first_messages(clients.size());
    for (size_t i = 0; i < clients.size(); ++i)
        readers.emplace_back([&, i] {
            while (auto message = clients[i]->read_message(5s)) first_messages[i] += *message;
        });

    const auto start = std::chrono::steady_clock::now();
    harness.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    for (auto& reader : readers) reader.join();

    for (const auto& client : clients) EXPECT_EQ(client->close_code(), std::optional<uint16_t>(1001));
    EXPECT_EQ(first_messages[0], "last words");  // queued messages are flushed before the close
    EXPECT_EQ(sorted(harness.closed()), ids_of(harness.opened()));
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST(Lifecycle, StopWithUnresponsiveClientsIsBounded) {
    TransportHarness harness;
    harness.start();
    std::vector<std::unique_ptr<WsTestClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<WsTestClient>());
        ASSERT_EQ(clients.back()->connect(harness.port(), {}), 101);
    }
    ASSERT_TRUE(harness.wait_for_opened(3, 5s));
    for (const auto& opened : harness.opened()) ASSERT_EQ(harness.send(opened.id, "unread"), SB_OK);

    const auto start = std::chrono::steady_clock::now();
    harness.stop();  // nobody answers the close handshake
    EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
    EXPECT_EQ(sorted(harness.closed()), ids_of(harness.opened()));
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST(Lifecycle, SendAfterStopIsNotFoundAndStopIsIdempotent) {
    TransportHarness harness;
    harness.start();
    WsTestClient client;
    ASSERT_EQ(client.connect(harness.port(), {}), 101);
    ASSERT_TRUE(harness.wait_for_opened(1, 5s));
    const uint64_t conn = harness.opened()[0].id;

    harness.host().descriptor().stop(harness.host().instance());
    EXPECT_EQ(harness.closed(), std::vector<uint64_t>{conn});
    EXPECT_EQ(harness.send(conn, "late"), SB_ERR_NOT_FOUND);
    harness.close(conn, 1000, "late");
    harness.stop();  // stop() again, then destroy
    EXPECT_EQ(harness.closed(), std::vector<uint64_t>{conn});
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST(Lifecycle, PortInUseFailsStart) {
    TransportHarness first;
    first.start();
    TransportHarness second;
    second.set("port", std::to_string(first.port()));
    try {
        second.start();
        FAIL() << "second start succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot listen on ws://127.0.0.1:" + std::to_string(first.port())),
                  std::string::npos)
            << e.what();
    }
}

TEST(Lifecycle, RestartAfterStop) {
    TransportHarness harness;
    harness.set_echo(true);
    harness.start();
    harness.host().descriptor().stop(harness.host().instance());
    ASSERT_EQ(harness.host().descriptor().start(harness.host().instance(), nullptr), SB_OK);
    const std::string last_log = harness.host().logs().back();
    const int port = std::stoi(last_log.substr(last_log.rfind(':') + 1));
    WsTestClient client;
    ASSERT_EQ(client.connect(port, {}), 101);
    ASSERT_TRUE(client.send_text("again"));
    EXPECT_EQ(client.read_message(5s), "again");
}

TEST(Lifecycle, InconsistentConfigIsRejectedAtCreate) {
    {
        TransportHarness harness;
        harness.set("ping_interval", "30s");
        harness.set("idle_timeout", "20s");
        EXPECT_THROW(harness.start(), std::runtime_error);
    }
    {
        TransportHarness harness;
        harness.set("path", "v1/ws");
        EXPECT_THROW(harness.start(), std::runtime_error);
    }
}

TEST(Lifecycle, DeclaresItsOptions) {
    TestHost host(SB_WS_PLUGIN_PATH);
    const sb_plugin_descriptor& descriptor = host.descriptor();
    EXPECT_STREQ(descriptor.id, "transport.websocket");
    EXPECT_EQ(descriptor.kind, static_cast<uint32_t>(SB_KIND_TRANSPORT));
    std::vector<std::string> names;
    for (uint32_t i = 0; i < descriptor.option_count; ++i) {
        names.emplace_back(descriptor.options[i].name);
        EXPECT_NE(std::string(descriptor.options[i].doc), "");
    }
    EXPECT_EQ(names, (std::vector<std::string>{"host", "port", "path", "tls.cert_file", "tls.key_file", "ping_interval",
                                               "idle_timeout", "max_message_size", "max_send_queue", "allowed_origins",
                                               "max_connections"}));
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
