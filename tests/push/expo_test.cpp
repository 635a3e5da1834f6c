// push.expo against the fake Expo: batches of at most 100 with the access
// token, tickets per message, receipts fetched later reporting dead tokens
// to the host (push_dead_token, ABI 1.3).
#include <gtest/gtest.h>

#include <mutex>
#include <thread>

#include "fake_providers.hpp"
#include "push_harness.hpp"

namespace switchboard::tests::push {
namespace {

class ExpoTest : public ::testing::Test {
protected:
    void SetUp() override {
        harness.host.set("url", fakes.base_url() + "/expo/--/api/v2/push/send");
        harness.host.set("receipts_url", fakes.base_url() + "/expo/--/api/v2/push/getReceipts");
        harness.host.set("access_token", "expo-secret-token");
        harness.host.set("receipt_delay", "300ms");
        harness.host.set("ca_file", fakes.ca_file());
        harness.host.on_push_dead_token = [this](std::string_view provider, std::string_view token) {
            std::lock_guard<std::mutex> lock(mutex);
            dead.emplace_back(std::string(provider) + " " + std::string(token));
        };
        harness.host.create_and_start();
    }
    void TearDown() override {
        harness.host.stop_and_destroy();
        EXPECT_EQ(fakes.errors(), nlohmann::json::array());
    }
    static TestNotification message(const std::string& token) {
        TestNotification n;
        n.provider = "expo";
        n.token = token;
        return n;
    }

    FakeProviders fakes{"--expo-access-token expo-secret-token"};
    PushHarness harness{SB_PUSH_EXPO_PLUGIN};
    std::mutex mutex;
    std::vector<std::string> dead;
};

TEST_F(ExpoTest, BatchesUpToAHundredMessagesARequest) {
    for (int i = 0; i < 150; ++i)
        ASSERT_EQ(harness.send(message("ExponentPushToken[device-" + std::to_string(i) + "]")), SB_OK);
    for (const auto& r : harness.wait_for(150)) EXPECT_EQ(r.outcome, SB_PUSH_DELIVERED) << r.reason;
    auto received = fakes.received("expo");
    ASSERT_EQ(received.size(), 150u);
    EXPECT_EQ(received[0]["batch_size"], 100);
    EXPECT_EQ(received[149]["batch_size"], 50);
    EXPECT_EQ(fakes.get("/control/stats")["expo_batches"], 2);
    EXPECT_EQ(received[0]["message"]["title"], "Alice");
    EXPECT_EQ(received[0]["message"]["badge"], 1);
}

TEST_F(ExpoTest, ADeadTokenIsReportedAtTicketTimeOrLaterFromItsReceipt) {
    fakes.post("/control/expo/dead", {{"token", "ExponentPushToken[gone-now]"}, {"at", "ticket"}});
    fakes.post("/control/expo/dead", {{"token", "ExponentPushToken[gone-later]"}, {"at", "receipt"}});
    ASSERT_EQ(harness.send(message("ExponentPushToken[gone-now]")), SB_OK);
    ASSERT_EQ(harness.send(message("ExponentPushToken[gone-later]")), SB_OK);
    ASSERT_EQ(harness.send(message("ExponentPushToken[alive]")), SB_OK);
    auto results = harness.wait_for(3);
    int dead_now = 0, delivered = 0;
    for (const auto& r : results) {
        dead_now += r.outcome == SB_PUSH_DEAD_TOKEN && r.reason == "DeviceNotRegistered";
        delivered += r.outcome == SB_PUSH_DELIVERED;
    }
    EXPECT_EQ(dead_now, 1);
    EXPECT_EQ(delivered, 2);
    for (int i = 0; i < 100; ++i) {
        {
            std::lock_guard<std::mutex> lock(mutex);
            if (!dead.empty()) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(dead, std::vector<std::string>{"expo ExponentPushToken[gone-later]"});
    EXPECT_EQ(fakes.get("/control/stats")["expo_receipt_requests"][0].size(), 2u);
}

TEST_F(ExpoTest, AFailedBatchIsRetriedAsAWholeAndBadTokensRejected) {
    fakes.script("expo", {{{"status", 429}, {"reason", "TOO_MANY_REQUESTS"}, {"retry_after", 6}}});
    ASSERT_EQ(harness.send(message("ExponentPushToken[a]")), SB_OK);
    ASSERT_EQ(harness.send(message("ExponentPushToken[b]")), SB_OK);
    for (const auto& r : harness.wait_for(2)) {
        EXPECT_EQ(r.outcome, SB_PUSH_RETRY);
        EXPECT_EQ(r.retry_after_ms, 6000);
    }
    auto bad = harness.send_and_wait(message("not-an-expo-token"));
    EXPECT_EQ(bad.outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(harness.send_and_wait(message("ExponentPushToken[a]")).outcome, SB_PUSH_DELIVERED);
}

}  // namespace
}  // namespace switchboard::tests::push
