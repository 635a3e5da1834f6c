// push.apns against the fake APNs: the ES256 provider token (verified with
// the key's public half) is reused across sends, headers and payloads follow
// Apple's rules, each environment reaches its host, every answer maps to its
// outcome.
#include <gtest/gtest.h>

#include "fake_providers.hpp"
#include "push_harness.hpp"

namespace switchboard::tests::push {
namespace {

constexpr const char* kToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
constexpr const char* kVoipToken = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

class ApnsTest : public ::testing::Test {
protected:
    void SetUp() override {
        harness.host.set("key_file", fakes.info()["apns_key_file"]);
        harness.host.set("key_id", fakes.info()["apns_key_id"]);
        harness.host.set("team_id", fakes.info()["apns_team_id"]);
        harness.host.set("bundle_id", fakes.info()["apns_bundle_id"]);
        harness.host.set("production_url", fakes.base_url() + "/production");
        harness.host.set("sandbox_url", fakes.base_url() + "/sandbox");
        harness.host.set("ca_file", fakes.ca_file());
        harness.host.create_and_start();
    }
    void TearDown() override {
        harness.host.stop_and_destroy();
        EXPECT_EQ(fakes.errors(), nlohmann::json::array());
    }
    static TestNotification message() {
        TestNotification n;
        n.provider = "apns";
        n.token = kToken;
        n.badge = 5;
        return n;
    }

    FakeProviders fakes;
    PushHarness harness{SB_PUSH_APNS_PLUGIN};
};

TEST_F(ApnsTest, DeliversAlertsWithOneProviderTokenToEachEnvironment) {
    for (int i = 0; i < 10; ++i) ASSERT_EQ(harness.send(message()), SB_OK);
    auto sandbox = message();
    sandbox.device_extra_json = R"({"environment":"sandbox"})";
    ASSERT_EQ(harness.send(sandbox), SB_OK);
    for (const auto& r : harness.wait_for(11)) EXPECT_EQ(r.outcome, SB_PUSH_DELIVERED) << r.reason;
    EXPECT_EQ(fakes.get("/control/stats")["apns_jwts"], 1);
    auto received = fakes.received("apns");
    ASSERT_EQ(received.size(), 11u);
    int in_sandbox = 0;
    for (const auto& r : received) in_sandbox += r["environment"] == "sandbox";
    EXPECT_EQ(in_sandbox, 1);
    EXPECT_EQ(received[0]["headers"]["apns-push-type"], "alert");
    EXPECT_EQ(received[0]["headers"]["apns-topic"], "com.example.switchboard");
    EXPECT_EQ(received[0]["payload"]["aps"]["badge"], 5);
    EXPECT_EQ(received[0]["payload"]["aps"]["alert"]["body"], "Hello Bob");
}

TEST_F(ApnsTest, ACallIsAVoipPushThenItsDismissalToo) {
    auto call = TestNotification::call("apns", kToken);
    call.device_extra_json = std::string(R"({"voip_token":")") + kVoipToken + R"("})";
    EXPECT_EQ(harness.send_and_wait(call).outcome, SB_PUSH_DELIVERED);
    auto dismiss = call;
    dismiss.id = "n-call-1-dismiss";
    dismiss.category = SB_PUSH_CALL_DISMISS;
    dismiss.title = "";
    dismiss.body = "";
    EXPECT_EQ(harness.send_and_wait(dismiss).outcome, SB_PUSH_DELIVERED);
    auto received = fakes.received("apns");
    ASSERT_EQ(received.size(), 2u);
    for (const auto& r : received) {
        EXPECT_EQ(r["token"], kVoipToken);
        EXPECT_EQ(r["headers"]["apns-push-type"], "voip");
        EXPECT_EQ(r["headers"]["apns-topic"], "com.example.switchboard.voip");
        EXPECT_EQ(r["headers"]["apns-priority"], "10");
        EXPECT_EQ(r["payload"]["call_id"], "call_1");
    }
    EXPECT_EQ(received[0]["payload"]["category"], "call");
    EXPECT_EQ(received[1]["payload"]["category"], "call_dismiss");
    EXPECT_TRUE(received[0]["headers"].contains("apns-expiration"));
}

TEST_F(ApnsTest, EachAnswerHasItsOutcome) {
    fakes.script("apns", {{{"status", 410}, {"reason", "Unregistered"}},
                          {{"status", 400}, {"reason", "BadDeviceToken"}},
                          {{"status", 429}, {"reason", "TooManyRequests"}},
                          {{"status", 503}, {"reason", "ServiceUnavailable"}, {"retry_after", 2}},
                          {{"status", 413}, {"reason", "PayloadTooLarge"}}});
    auto gone = harness.send_and_wait(message());
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.reason, "Unregistered");
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_DEAD_TOKEN);
    auto limited = harness.send_and_wait(message());
    EXPECT_EQ(limited.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(limited.reason, "TooManyRequests");
    auto down = harness.send_and_wait(message());
    EXPECT_EQ(down.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(down.retry_after_ms, 2000);
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(harness.send_and_wait(message()).outcome, SB_PUSH_DELIVERED);
}

TEST_F(ApnsTest, ATokenThatIsNotHexIsDeadWithoutAsking) {
    auto n = message();
    n.token = "not/a/token";
    auto result = harness.send_and_wait(n);
    EXPECT_EQ(result.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(result.reason, "BadDeviceToken");
    EXPECT_EQ(fakes.received("apns").size(), 0u);
}

}  // namespace
}  // namespace switchboard::tests::push
