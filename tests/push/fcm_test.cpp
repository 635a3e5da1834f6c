// push.fcm against the fake FCM: the OAuth assertion is verified and the
// token cached (one token request for many sends, refreshed when refused),
// messages have FCM's shape, every answer maps to its outcome.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "fake_providers.hpp"
#include "push_harness.hpp"

namespace switchboard::tests::push {
namespace {

class FcmTest : public ::testing::Test {
protected:
    void SetUp() override {
        harness.host.set("service_account_file", fakes.info()["fcm_service_account_file"]);
        harness.host.set("endpoint", fakes.base_url());
        harness.host.set("ca_file", fakes.ca_file());
        harness.host.create_and_start();
    }
    void TearDown() override {
        harness.host.stop_and_destroy();
        EXPECT_EQ(fakes.errors(), nlohmann::json::array());
    }
    static TestNotification message(std::string token = "fcm-token-b") {
        TestNotification n;
        n.provider = "fcm";
        n.token = std::move(token);
        return n;
    }

    FakeProviders fakes;
    PushHarness harness{SB_PUSH_FCM_PLUGIN};
};

TEST_F(FcmTest, DeliversAMessageWithOneAccessTokenForManySends) {
    for (int i = 0; i < 20; ++i) ASSERT_EQ(harness.send(message()), SB_OK);
    for (const auto& r : harness.wait_for(20)) EXPECT_EQ(r.outcome, SB_PUSH_DELIVERED) << r.reason;
    auto stats = fakes.get("/control/stats");
    EXPECT_EQ(stats["fcm_token_requests"], 1);
    auto received = fakes.received("fcm");
    ASSERT_EQ(received.size(), 20u);
    auto m = received[0]["message"];
    EXPECT_EQ(m["token"], "fcm-token-b");
    EXPECT_EQ(m["notification"]["title"], "Alice");
    EXPECT_EQ(m["data"]["badge"], "1");
    EXPECT_EQ(m["android"]["priority"], "NORMAL");
}

TEST_F(FcmTest, ACallIsAHighPriorityDataMessage) {
    auto result = harness.send_and_wait(TestNotification::call("fcm", "fcm-token-b"));
    EXPECT_EQ(result.outcome, SB_PUSH_DELIVERED);
    auto m = fakes.received("fcm")[0]["message"];
    EXPECT_FALSE(m.contains("notification"));
    EXPECT_EQ(m["android"]["priority"], "HIGH");
    EXPECT_EQ(m["android"]["ttl"], "30s");
    EXPECT_EQ(m["data"]["category"], "call");
    EXPECT_EQ(m["data"]["call_id"], "call_1");
}

TEST_F(FcmTest, EachAnswerHasItsOutcome) {
    fakes.script("fcm", {{{"status", 404}, {"reason", "UNREGISTERED"}},
                         {{"status", 429}, {"reason", "QUOTA_EXCEEDED"}, {"retry_after", 5}},
                         {{"status", 503}, {"reason", "UNAVAILABLE"}},
                         {{"status", 400}, {"reason", "INVALID_ARGUMENT"}}});
    auto gone = harness.send_and_wait(message());
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.http_status, 404);
    EXPECT_EQ(gone.reason, "UNREGISTERED");
    auto limited = harness.send_and_wait(message());
    EXPECT_EQ(limited.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(limited.retry_after_ms, 5000);
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_RETRY);
    auto invalid = harness.send_and_wait(message());
    EXPECT_EQ(invalid.outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(invalid.reason, "INVALID_ARGUMENT");
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_DELIVERED);
}

TEST_F(FcmTest, ARefusedAccessTokenIsReplaced) {
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_DELIVERED);
    fakes.script("fcm", {{{"status", 401}, {"reason", "THIRD_PARTY_AUTH_ERROR"}}});
    auto refused = harness.send_and_wait(message());
    EXPECT_EQ(refused.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(refused.http_status, 401);
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_DELIVERED);
    EXPECT_EQ(fakes.get("/control/stats")["fcm_token_requests"], 2);
}

TEST(FcmTokenTest, AShortLivedTokenIsRefreshedBeforeItExpires) {
    FakeProviders fakes;
    fakes.post("/control/fcm", {{"token_lifetime", 2}});
    PushHarness harness(SB_PUSH_FCM_PLUGIN);
    harness.host.set("service_account_file", fakes.info()["fcm_service_account_file"]);
    harness.host.set("endpoint", fakes.base_url());
    harness.host.set("ca_file", fakes.ca_file());
    harness.host.create_and_start();
    TestNotification n;
    n.provider = "fcm";
    n.token = "t";
    EXPECT_EQ(harness.send_and_wait(n).outcome, SB_PUSH_DELIVERED);
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    EXPECT_EQ(harness.send_and_wait(n).outcome, SB_PUSH_DELIVERED);
    EXPECT_EQ(fakes.get("/control/stats")["fcm_token_requests"], 2);
    EXPECT_EQ(fakes.errors(), nlohmann::json::array());
}

}  // namespace
}  // namespace switchboard::tests::push
