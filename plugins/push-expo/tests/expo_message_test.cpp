#include "expo_message.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::push_expo {
namespace {

TEST(ExpoMessage, AMessageHasTextBadgeAndData) {
    sdk::Notification n;
    n.id = "n-1";
    n.token = "ExponentPushToken[abc]";
    n.title = "Alice";
    n.body = "hi";
    n.badge = 2;
    n.conversation_id = "c_1";
    n.data_json = R"({"seq":4})";
    auto m = ExpoMessage::build(n);
    EXPECT_EQ(m["to"], "ExponentPushToken[abc]");
    EXPECT_EQ(m["title"], "Alice");
    EXPECT_EQ(m["sound"], "default");
    EXPECT_EQ(m["badge"], 2);
    EXPECT_EQ(m["priority"], "normal");
    EXPECT_EQ(m["data"]["seq"], 4);
    EXPECT_EQ(m["data"]["category"], "message");
}

TEST(ExpoMessage, ACallIsDataOnlyAndHigh) {
    sdk::Notification n;
    n.token = "ExpoPushToken[abc]";
    n.category = SB_PUSH_CALL;
    n.priority = SB_PUSH_HIGH;
    n.ttl_seconds = 30;
    n.title = "Alice";
    n.call_id = "call_1";
    auto m = ExpoMessage::build(n);
    EXPECT_FALSE(m.contains("title"));
    EXPECT_EQ(m["priority"], "high");
    EXPECT_EQ(m["ttl"], 30);
    EXPECT_EQ(m["data"]["call_id"], "call_1");
}

TEST(ExpoMessage, RecognisesExpoTokens) {
    EXPECT_TRUE(ExpoMessage::is_expo_token("ExponentPushToken[xxxx]"));
    EXPECT_TRUE(ExpoMessage::is_expo_token("ExpoPushToken[xxxx]"));
    EXPECT_FALSE(ExpoMessage::is_expo_token("ExpoPushToken[]"));
    EXPECT_FALSE(ExpoMessage::is_expo_token("fcm-token"));
}

}  // namespace
}  // namespace switchboard::plugins::push_expo
