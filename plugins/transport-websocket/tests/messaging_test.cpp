// Messages in both directions: echo, fragments, UTF-8 left to the kernel,
// the size limit.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "transport_harness.hpp"
#include "ws_test_client.hpp"

namespace switchboard::plugins::transport_websocket {
namespace {

using support::TransportHarness;
using support::WsTestClient;
using namespace std::chrono_literals;

class Messaging : public ::testing::Test {
protected:
    void SetUp() override {
        harness.set_echo(true);
        harness.set("max_message_size", "64KiB");
        harness.start();
        ASSERT_EQ(client.connect(harness.port(), {}), 101);
        ASSERT_TRUE(harness.wait_for_opened(1, 5s));
    }

    TransportHarness harness;
    WsTestClient client;
};

TEST_F(Messaging, EchoesTextMessage) {
    const std::string request = R"({"id":1,"op":"ping","data":{}})";
    ASSERT_TRUE(client.send_text(request));
    EXPECT_EQ(client.read_message(5s), request);
    ASSERT_EQ(harness.received().size(), 1u);
    EXPECT_EQ(harness.received()[0].second, request);
}

TEST_F(Messaging, PassesBinaryMessages) {
    const std::string bytes("\x00\x01\xFF\xFE binary", 11);
    ASSERT_TRUE(client.send_frame(WsTestClient::kBinary, bytes));
    EXPECT_EQ(client.read_message(5s), bytes);
}

TEST_F(Messaging, ReassemblesFragmentedMessage) {
    ASSERT_TRUE(client.send_frame(WsTestClient::kText, R"({"id":2,)", false));
    ASSERT_TRUE(client.send_frame(WsTestClient::kPing, "in between"));  // control frames may interleave
    ASSERT_TRUE(client.send_frame(WsTestClient::kContinuation, R"("op":"x",)", false));
    ASSERT_TRUE(client.send_frame(WsTestClient::kContinuation, R"("data":{}})", true));
    EXPECT_EQ(client.read_message(5s), R"({"id":2,"op":"x","data":{}})");
    ASSERT_EQ(harness.received().size(), 1u);
}

TEST_F(Messaging, MessageLargerThanReceiveChunkArrivesWhole) {
    std::string big(60 * 1024, 'a');
    for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
    ASSERT_TRUE(client.send_text(big));
    EXPECT_EQ(client.read_message(5s), big);
    ASSERT_EQ(harness.received().size(), 1u);
    EXPECT_EQ(harness.received()[0].second.size(), big.size());
}

TEST_F(Messaging, ManyMessagesKeepTheirOrder) {
    for (int i = 0; i < 200; ++i) ASSERT_TRUE(client.send_text("message " + std::to_string(i)));
    for (int i = 0; i < 200; ++i) ASSERT_EQ(client.read_message(5s), "message " + std::to_string(i));
}

TEST_F(Messaging, QueuedBurstArrivesWholeAndInOrder) {
    // More than one send's worth, with every frame-length encoding, so
    // several messages share a send and a large one goes out alone.
    std::vector<std::string> burst;
    for (int i = 0; i < 300; ++i) {
        const size_t size = i % 50 == 7 ? 70 * 1024 : (i % 3 == 0 ? 300 : 20);
        burst.push_back(std::to_string(i) + ":" + std::string(size, static_cast<char>('a' + i % 26)));
    }
    const uint64_t conn = harness.opened()[0].id;
    for (const std::string& message : burst) ASSERT_EQ(harness.send(conn, message), SB_OK);
    for (const std::string& message : burst) ASSERT_EQ(client.read_message(5s), message);
}

TEST_F(Messaging, InvalidUtf8TextReachesTheKernelUntouched) {
    const std::string invalid("{\"bad\":\"\xC3\x28\xFF\"}", 13);
    ASSERT_TRUE(client.send_text(invalid));
    ASSERT_TRUE(harness.wait_for_received(1, 5s));
    EXPECT_EQ(harness.received()[0].second, invalid);
    EXPECT_EQ(client.read_message(5s), invalid);
    // The connection stays open: the kernel answers bad_request on it.
    ASSERT_TRUE(client.send_text("after"));
    EXPECT_EQ(client.read_message(5s), "after");
    EXPECT_TRUE(harness.closed().empty());
}

TEST_F(Messaging, OversizedMessageIsAnsweredTooLargeAndClosedWith1009) {
    WsTestClient bystander;
    ASSERT_EQ(bystander.connect(harness.port(), {}), 101);

    ASSERT_TRUE(client.send_text(std::string(70'000, 'x')));
    EXPECT_EQ(client.read_message(5s), R"({"ok":false,"error":{"code":"too_large","message":)"
                                       R"("message of 70000 bytes exceeds the limit of 65536 bytes"}})");
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_EQ(client.close_code(), std::optional<uint16_t>(1009));
    EXPECT_TRUE(client.wait_for_eof(5s));
    ASSERT_TRUE(harness.wait_for_closed(1, 5s));
    EXPECT_EQ(harness.closed(), std::vector<uint64_t>{harness.opened()[0].id});
    EXPECT_TRUE(harness.received().empty());  // the kernel never saw it

    ASSERT_TRUE(bystander.send_text("still here"));
    EXPECT_EQ(bystander.read_message(5s), "still here");
}

TEST_F(Messaging, OversizedFragmentedMessageIsRefused) {
    ASSERT_TRUE(client.send_frame(WsTestClient::kText, std::string(40'000, 'a'), false));
    ASSERT_TRUE(client.send_frame(WsTestClient::kContinuation, std::string(40'000, 'b'), true));
    EXPECT_EQ(client.read_message(5s), R"({"ok":false,"error":{"code":"too_large","message":)"
                                       R"("message of 80000 bytes exceeds the limit of 65536 bytes"}})");
    EXPECT_FALSE(client.read_message(5s));
    EXPECT_EQ(client.close_code(), std::optional<uint16_t>(1009));
    ASSERT_TRUE(harness.wait_for_closed(1, 5s));
    EXPECT_TRUE(harness.received().empty());
}

TEST_F(Messaging, MessageAtTheLimitIsAccepted) {
    const std::string exact(64 * 1024, 'z');
    ASSERT_TRUE(client.send_text(exact));
    EXPECT_EQ(client.read_message(5s), exact);
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
