#include "fcm_message.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_fcm {
namespace {

sdk::Notification base() {
    sdk::Notification n;
    n.id = "n-1";
    n.token = "fcm-token";
    n.title = "Alice";
    n.body = "hi";
    n.conversation_id = "c_1";
    n.collapse_key = "c_1";
    n.badge = 4;
    n.data_json = R"({"event":"message.new","seq":7,"nested":{"a":1}})";
    return n;
}

TEST(FcmMessage, AMessageHasANotificationAndStringData) {
    auto m = nlohmann::json::parse(FcmMessage::build(base()))["message"];
    EXPECT_EQ(m["token"], "fcm-token");
    EXPECT_EQ(m["notification"]["title"], "Alice");
    EXPECT_EQ(m["notification"]["body"], "hi");
    EXPECT_EQ(m["data"]["event"], "message.new");
    EXPECT_EQ(m["data"]["seq"], "7");
    EXPECT_EQ(m["data"]["nested"], R"({"a":1})");
    EXPECT_EQ(m["data"]["badge"], "4");
    EXPECT_EQ(m["data"]["category"], "message");
    EXPECT_EQ(m["android"]["priority"], "NORMAL");
    EXPECT_EQ(m["android"]["collapse_key"], "c_1");
    EXPECT_EQ(m["android"]["notification"]["notification_count"], 4);
    EXPECT_EQ(m["apns"]["payload"]["aps"]["badge"], 4);
    EXPECT_FALSE(m["android"].contains("ttl"));
}

TEST(FcmMessage, ACallIsAHighPriorityDataMessageWithItsTtl) {
    auto n = base();
    n.category = SB_PUSH_CALL;
    n.priority = SB_PUSH_HIGH;
    n.ttl_seconds = 30;
    n.call_id = "call_1";
    n.collapse_key = "call_1";
    n.badge = -1;
    auto m = nlohmann::json::parse(FcmMessage::build(n))["message"];
    EXPECT_FALSE(m.contains("notification"));
    EXPECT_EQ(m["android"]["priority"], "HIGH");
    EXPECT_EQ(m["android"]["ttl"], "30s");
    EXPECT_EQ(m["data"]["category"], "call");
    EXPECT_EQ(m["data"]["call_id"], "call_1");
    EXPECT_FALSE(m["data"].contains("badge"));
    EXPECT_EQ(m["apns"]["headers"]["apns-priority"], "10");
}

TEST(FcmMessage, HiddenContentHasNoNotificationBlock) {
    auto n = base();
    n.title = "";
    n.body = "";
    auto m = nlohmann::json::parse(FcmMessage::build(n))["message"];
    EXPECT_FALSE(m.contains("notification"));
    EXPECT_EQ(m["apns"]["payload"]["aps"]["content-available"], 1);
}

}  // namespace
}  // namespace switchboard::plugins::push_fcm
