// push.webpush against the fake push service: the fake verifies the VAPID
// JWT with jose and decrypts the body with http_ece (the reference
// implementation of RFC 8188/8291); headers and outcomes as RFC 8030 says.
#include <gtest/gtest.h>

#include "fake_providers.hpp"
#include "push_harness.hpp"

namespace switchboard::tests::push {
namespace {

class WebPushTest : public ::testing::Test {
protected:
    void SetUp() override {
        harness.host.set("vapid_private_key", "NVkdpjdKULbsfU7_eSB7yGpK-P-ePZi5YfrrpKJBQN8");
        harness.host.set("vapid_public_key",
                         "BKhTGrPXn77jSou1ZHI7eJ4OupggSqwX1eVPAC_1J0h3F8CSh6UPe-o2Q97dzMV00EbY00BzMaZ8AsfYqU39-Io");
        harness.host.set("subject", "mailto:ops@example.com");
        harness.host.set("ca_file", fakes.ca_file());
        harness.host.create_and_start();
    }
    void TearDown() override {
        harness.host.stop_and_destroy();
        EXPECT_EQ(fakes.errors(), nlohmann::json::array());
    }
    TestNotification to(const nlohmann::json& subscription) {
        TestNotification n;
        n.provider = "webpush";
        n.token = subscription["endpoint"];
        n.device_extra_json = nlohmann::json{{"keys", subscription["keys"]}}.dump();
        return n;
    }
    nlohmann::json subscribe() { return fakes.post("/control/webpush/subscription", nlohmann::json::object()); }

    FakeProviders fakes;
    PushHarness harness{SB_PUSH_WEBPUSH_PLUGIN};
};

TEST_F(WebPushTest, DeliversAnEncryptedPayloadTheServiceCanRead) {
    auto subscription = subscribe();
    auto result = harness.send_and_wait(to(subscription));
    EXPECT_EQ(result.outcome, SB_PUSH_DELIVERED);
    EXPECT_EQ(result.http_status, 201);
    auto received = fakes.received("webpush");
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0]["payload"]["title"], "Alice");
    EXPECT_EQ(received[0]["payload"]["body"], "Hello Bob");
    EXPECT_EQ(received[0]["payload"]["badge"], 1);
    EXPECT_EQ(received[0]["payload"]["data"]["event"], "message.new");
    EXPECT_EQ(received[0]["headers"]["urgency"], "normal");
    EXPECT_EQ(received[0]["headers"]["topic"], "c_1");
    EXPECT_EQ(received[0]["headers"]["ttl"], "86400");
    EXPECT_EQ(received[0]["vapid"]["sub"], "mailto:ops@example.com");
    EXPECT_EQ(received[0]["vapid"]["k"],
              "BKhTGrPXn77jSou1ZHI7eJ4OupggSqwX1eVPAC_1J0h3F8CSh6UPe-o2Q97dzMV00EbY00BzMaZ8AsfYqU39-Io");
}

TEST_F(WebPushTest, PublishesItsPublicKeyAsClientConfiguration) {
    const auto* vtable = harness.host.vtable<sb_push_vtable>();
    ASSERT_NE(vtable->client_config_json, nullptr);
    sb_str config = vtable->client_config_json(harness.host.instance());
    EXPECT_EQ(nlohmann::json::parse(std::string(config.ptr, config.len)),
              (nlohmann::json{{"vapid_public_key",
                               "BKhTGrPXn77jSou1ZHI7eJ4OupggSqwX1eVPAC_1J0h3F8CSh6UPe-o2Q97dzMV00EbY00BzMaZ8AsfYqU39-Io"}}));
}

TEST_F(WebPushTest, ACallIsUrgentWithItsTtl) {
    auto subscription = subscribe();
    auto call = TestNotification::call("webpush", subscription["endpoint"]);
    call.device_extra_json = nlohmann::json{{"keys", subscription["keys"]}}.dump();
    EXPECT_EQ(harness.send_and_wait(call).outcome, SB_PUSH_DELIVERED);
    auto received = fakes.received("webpush");
    ASSERT_EQ(received.size(), 1u);
    EXPECT_EQ(received[0]["headers"]["urgency"], "high");
    EXPECT_EQ(received[0]["headers"]["ttl"], "30");
    EXPECT_EQ(received[0]["payload"]["category"], "call");
}

TEST_F(WebPushTest, GoneSubscriptionsAreDeadAndOtherAnswersMapped) {
    auto subscription = subscribe();
    fakes.post("/control/webpush/expire", {{"endpoint", subscription["endpoint"]}});
    auto gone = harness.send_and_wait(to(subscription));
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.http_status, 410);
    auto unknown = to(subscribe());
    unknown.token = fakes.base_url() + "/webpush/00112233445566778899aabb";
    auto missing = harness.send_and_wait(unknown);
    EXPECT_EQ(missing.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(missing.http_status, 404);
    auto live = to(subscribe());
    fakes.script("webpush", {{{"status", 429}, {"retry_after", 4}}, {{"status", 502}}, {{"status", 413}}});
    auto limited = harness.send_and_wait(live);
    EXPECT_EQ(limited.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(limited.retry_after_ms, 4000);
    EXPECT_EQ(harness.send_and_wait(live).outcome, SB_PUSH_RETRY);
    EXPECT_EQ(harness.send_and_wait(live).outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(harness.send_and_wait(live).outcome, SB_PUSH_DELIVERED);
}

TEST_F(WebPushTest, ASubscriptionWithoutKeysIsRejectedWithoutSending) {
    auto n = to(subscribe());
    n.device_extra_json = "{}";
    auto result = harness.send_and_wait(n);
    EXPECT_EQ(result.outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(fakes.received("webpush").size(), 0u);
}

}  // namespace
}  // namespace switchboard::tests::push
