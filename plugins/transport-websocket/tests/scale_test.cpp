// Many concurrent connections: all open, all echo, all close; and what an
// idle connection costs in resident memory.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <vector>

#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::TransportHarness;
using support::WsTestClient;
using namespace std::chrono_literals;

long resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return resident * sysconf(_SC_PAGESIZE);
}

size_t connection_count() {
    // SB_WS_SCALE_CONNECTIONS=5000 for a memory measurement; 1000 keeps the suite quick.
    const char* configured = std::getenv("SB_WS_SCALE_CONNECTIONS");
    return configured ? std::strtoul(configured, nullptr, 10) : 1000;
}

TEST(Scale, ThousandConcurrentConnectionsOpenAndEcho) {
    const size_t count = connection_count();
    TransportHarness harness;
    harness.set_echo(true);
    harness.start();

    const long before = resident_bytes();
    std::vector<std::unique_ptr<WsTestClient>> clients;
    clients.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        clients.push_back(std::make_unique<WsTestClient>());
        ASSERT_EQ(clients.back()->connect(harness.port(), {}), 101) << "connection " << i;
    }
    ASSERT_TRUE(harness.wait_for_opened(count, 30s));
    const long per_connection = (resident_bytes() - before) / static_cast<long>(count);
    RecordProperty("resident_bytes_per_idle_connection", std::to_string(per_connection));
    std::printf("%zu idle connections: %ld bytes resident each (server and test client together)\n", count,
                per_connection);

    for (size_t i = 0; i < count; ++i) ASSERT_TRUE(clients[i]->send_text("hello " + std::to_string(i)));
    for (size_t i = 0; i < count; ++i) ASSERT_EQ(clients[i]->read_message(10s), "hello " + std::to_string(i));
    EXPECT_EQ(harness.received().size(), count);

    clients.clear();  // the clients drop their sockets
    EXPECT_TRUE(harness.wait_for_closed(count, 30s));
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
