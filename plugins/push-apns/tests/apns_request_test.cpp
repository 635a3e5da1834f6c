#include "apns_request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_apns {
namespace {

class ApnsRequestTest : public ::testing::Test {
protected:
    ApnsRequestTest() {
        config.bundle_id = "com.example.app";
        config.production_url = "https://prod.test";
        config.sandbox_url = "https://sandbox.test";
    }
    static sdk::Notification message() {
        sdk::Notification n;
        n.id = "n-1";
        n.token = "aabbccdd";
        n.title = "Alice";
        n.body = "hi";
        n.conversation_id = "c_1";
        n.collapse_key = "c_1";
        n.badge = 2;
        n.data_json = R"({"seq":3})";
        return n;
    }
    static std::string header(const sdk::push::HttpRequest& r, const std::string& name) {
        for (const auto& h : r.headers)
            if (h.rfind(name + ": ", 0) == 0) return h.substr(name.size() + 2);
        return "<absent>";
    }
    ApnsConfig config;
};

// apns-id identifies the notification, not the attempt: a retry carries the same one.
TEST_F(ApnsRequestTest, TheApnsIdIsAUuidOfTheNotificationId) {
    auto first = header(*ApnsRequest(config).build(message(), "JWT", 1000), "apns-id");
    auto retry = header(*ApnsRequest(config).build(message(), "JWT2", 2000), "apns-id");
    auto other_message = message();
    other_message.id = "n-2";
    auto other = header(*ApnsRequest(config).build(other_message, "JWT", 1000), "apns-id");
    EXPECT_EQ(first, retry);
    EXPECT_NE(first, other);
    ASSERT_EQ(first.size(), 36u);
    for (size_t i : {8u, 13u, 18u, 23u}) EXPECT_EQ(first[i], '-') << first;
    EXPECT_EQ(first[14], '8') << "version 8 (custom) UUID: " << first;
    EXPECT_NE(std::string("89ab").find(first[19]), std::string::npos) << "RFC 9562 variant: " << first;
}

TEST_F(ApnsRequestTest, AMessageIsAnAlertWithBadgeAndThread) {
    auto r = *ApnsRequest(config).build(message(), "JWT", 1000);
    EXPECT_EQ(r.url, "https://prod.test/3/device/aabbccdd");
    EXPECT_EQ(header(r, "authorization"), "bearer JWT");
    EXPECT_EQ(header(r, "apns-push-type"), "alert");
    EXPECT_EQ(header(r, "apns-topic"), "com.example.app");
    EXPECT_EQ(header(r, "apns-priority"), "10");
    EXPECT_EQ(header(r, "apns-collapse-id"), "c_1");
    EXPECT_EQ(header(r, "apns-expiration"), "<absent>");
    auto p = nlohmann::json::parse(r.body);
    EXPECT_EQ(p["aps"]["alert"]["title"], "Alice");
    EXPECT_EQ(p["aps"]["badge"], 2);
    EXPECT_EQ(p["aps"]["thread-id"], "c_1");
    EXPECT_EQ(p["data"]["seq"], 3);
}

TEST_F(ApnsRequestTest, ACallToAVoipTokenIsAVoipPushToTheVoipTopicWithItsExpiry) {
    auto n = message();
    n.category = SB_PUSH_CALL;
    n.priority = SB_PUSH_HIGH;
    n.ttl_seconds = 30;
    n.call_id = "call_1";
    n.device_extra_json = R"({"environment":"sandbox","voip_token":"0123abcd"})";
    auto r = *ApnsRequest(config).build(n, "JWT", 1000);
    EXPECT_EQ(r.url, "https://sandbox.test/3/device/0123abcd");
    EXPECT_EQ(header(r, "apns-push-type"), "voip");
    EXPECT_EQ(header(r, "apns-topic"), "com.example.app.voip");
    EXPECT_EQ(header(r, "apns-expiration"), "1030");
    auto p = nlohmann::json::parse(r.body);
    EXPECT_EQ(p["category"], "call");
    EXPECT_EQ(p["call_id"], "call_1");
    EXPECT_FALSE(p["aps"].contains("alert"));
}

TEST_F(ApnsRequestTest, HiddenContentIsABackgroundPushAtPriorityFive) {
    auto n = message();
    n.title = "";
    n.body = "";
    auto r = *ApnsRequest(config).build(n, "JWT", 1000);
    EXPECT_EQ(header(r, "apns-push-type"), "background");
    EXPECT_EQ(header(r, "apns-priority"), "5");
    EXPECT_EQ(nlohmann::json::parse(r.body)["aps"]["content-available"], 1);
}

TEST_F(ApnsRequestTest, ATokenThatIsNotHexIsRefused) {
    auto n = message();
    n.token = "../../x";
    EXPECT_FALSE(ApnsRequest(config).build(n, "JWT", 1000).has_value());
}

}  // namespace
}  // namespace switchboard::plugins::push_apns
