// The kernel's side: send() and close(), the bounded send queue, payload
// reference counts.
#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::TransportHarness;
using support::WsTestClient;
using namespace std::chrono_literals;

class SendQueue : public ::testing::Test {
protected:
    void open_one() {
        harness.start();
        ASSERT_EQ(client.connect(harness.port(), options), 101);
        ASSERT_TRUE(harness.wait_for_opened(1, 5s));
        conn = harness.opened()[0].id;
    }

    TransportHarness harness;
    WsTestClient client;
    WsTestClient::Options options;
    uint64_t conn = 0;
};

TEST_F(SendQueue, SentPayloadsReachTheClientAndAreReleased) {
    open_one();
    for (int i = 0; i < 50; ++i) ASSERT_EQ(harness.send(conn, "event " + std::to_string(i)), SB_OK);
    for (int i = 0; i < 50; ++i) ASSERT_EQ(client.read_message(5s), "event " + std::to_string(i));
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, SameEnvelopeToManyConnections) {
    open_one();
    WsTestClient second;
    ASSERT_EQ(second.connect(harness.port(), {}), 101);
    ASSERT_TRUE(harness.wait_for_opened(2, 5s));
    const auto opened = harness.opened();

    // The kernel serialises an event once and hands the same payload to every recipient.
    sb_payload* payload = harness.host().make_payload(R"({"event":"message.new","data":{}})");
    const auto* transport = harness.host().vtable<sb_transport_vtable>();
    for (const auto& connection : opened)
        EXPECT_EQ(transport->send(harness.host().instance(), connection.id, payload), SB_OK);
    harness.host().release(payload);

    EXPECT_EQ(client.read_message(5s), R"({"event":"message.new","data":{}})");
    EXPECT_EQ(second.read_message(5s), R"({"event":"message.new","data":{}})");
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, SendFromInsideConnOpenIsDelivered) {
    // The id is not known to the plugin until conn_open returns it.
    harness.set_greeting(R"({"event":"hello","data":{}})");
    open_one();
    EXPECT_EQ(client.read_message(5s), R"({"event":"hello","data":{}})");
    ASSERT_EQ(harness.send(conn, "next"), SB_OK);
    EXPECT_EQ(client.read_message(5s), "next");
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, OverflowWhileConnOpenRunsClosesTheConnection) {
    harness.set("max_send_queue", "1KiB");
    harness.set_greeting(std::string(2048, 'g'));  // over the limit before the id is known
    open_one();
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_EQ(client.close_code(), std::optional<uint16_t>(1008));
    EXPECT_EQ(client.close_reason(), "send queue overflow");
    ASSERT_TRUE(harness.wait_for_closed(1, 5s));
    EXPECT_EQ(harness.send(conn, "gone"), SB_ERR_NOT_FOUND);
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, UnknownConnectionIsNotFound) {
    open_one();
    // A round trip first: while a conn_open is still running, sends to
    // unknown ids are parked rather than refused.
    ASSERT_EQ(harness.send(conn, "ready"), SB_OK);
    ASSERT_EQ(client.read_message(5s), "ready");
    EXPECT_EQ(harness.send(conn + 1000, "nobody"), SB_ERR_NOT_FOUND);
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, HostCloseFlushesQueuedMessagesFirst) {
    open_one();
    ASSERT_EQ(harness.send(conn, "one"), SB_OK);
    ASSERT_EQ(harness.send(conn, "two"), SB_OK);
    ASSERT_EQ(harness.send(conn, "three"), SB_OK);
    harness.close(conn, 1000, "bye");
    EXPECT_EQ(harness.send(conn, "too late"), SB_ERR_NOT_FOUND);

    EXPECT_EQ(client.read_message(5s), "one");
    EXPECT_EQ(client.read_message(5s), "two");
    EXPECT_EQ(client.read_message(5s), "three");
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_EQ(client.close_code(), std::optional<uint16_t>(1000));
    EXPECT_EQ(client.close_reason(), "bye");
    EXPECT_TRUE(client.wait_for_eof(5s));
    ASSERT_TRUE(harness.wait_for_closed(1, 5s));
    EXPECT_EQ(harness.closed(), std::vector<uint64_t>{conn});
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, CloseWithPolicyCodeAndUnsendableCode) {
    open_one();
    WsTestClient second;
    ASSERT_EQ(second.connect(harness.port(), {}), 101);
    ASSERT_TRUE(harness.wait_for_opened(2, 5s));

    harness.close(conn, 1008, "unauthorized");
    harness.close(harness.opened()[1].id, 1005, "");  // reserved: must not appear on the wire
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_EQ(client.close_code(), std::optional<uint16_t>(1008));
    EXPECT_EQ(client.close_reason(), "unauthorized");
    EXPECT_FALSE(second.read_message(5s));
    EXPECT_EQ(second.close_code(), std::optional<uint16_t>(1000));
    ASSERT_TRUE(harness.wait_for_closed(2, 5s));
}

TEST_F(SendQueue, ClientCloseReportsConnClosedOnce) {
    open_one();
    ASSERT_TRUE(client.send_close(1000, "done"));
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_TRUE(client.wait_for_eof(5s));
    ASSERT_TRUE(harness.wait_for_closed(1, 5s));
    harness.close(conn, 1000, "");  // a close racing the client's is harmless
    EXPECT_EQ(harness.send(conn, "gone"), SB_ERR_NOT_FOUND);
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(harness.closed(), std::vector<uint64_t>{conn});
}

TEST_F(SendQueue, SlowReaderIsCutOffWithBoundedMemory) {
    harness.set("max_send_queue", "256KiB");
    options.receive_buffer = 4096;  // and the client never reads
    open_one();

    const std::string chunk(16 * 1024, 'q');
    size_t accepted_bytes = 0;
    sb_status status = SB_OK;
    for (int i = 0; i < 20'000 && status == SB_OK; ++i) {
        status = harness.send(conn, chunk);
        if (status == SB_OK) accepted_bytes += chunk.size();
    }
    ASSERT_EQ(status, SB_ERR_BUSY);
    // What was accepted is the queue limit plus what the sockets buffered.
    EXPECT_LT(accepted_bytes, 32u * 1024 * 1024);
    EXPECT_EQ(harness.send(conn, chunk), SB_ERR_NOT_FOUND);

    ASSERT_TRUE(harness.wait_for_closed(1, 15s));
    EXPECT_EQ(harness.closed(), std::vector<uint64_t>{conn});
    EXPECT_TRUE(TransportHarness::wait_for_no_live_payloads(5s));
}

TEST_F(SendQueue, SlowReaderDoesNotDelayOthers) {
    harness.set("max_send_queue", "128KiB");
    options.receive_buffer = 4096;
    open_one();
    WsTestClient fast;
    ASSERT_EQ(fast.connect(harness.port(), {}), 101);
    ASSERT_TRUE(harness.wait_for_opened(2, 5s));
    const uint64_t fast_conn = harness.opened()[1].id;

    const std::string chunk(16 * 1024, 's');
    for (int i = 0; i < 20'000 && harness.send(conn, chunk) == SB_OK; ++i) {
    }
    ASSERT_EQ(harness.send(fast_conn, "unaffected"), SB_OK);
    EXPECT_EQ(fast.read_message(5s), "unaffected");
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
