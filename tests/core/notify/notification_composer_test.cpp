#include "switchboard/notify/notification_composer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace switchboard::notify {
namespace {

using nlohmann::json;

storage::OutboxEntry entry(sb_push_category category, json payload) {
    storage::OutboxEntry e;
    e.entry_id = "m_1:u_bob/phone";
    e.user_id = "u_bob";
    e.device_id = "phone";
    e.category = category;
    e.conversation_id = "c_1";
    e.seq = 7;
    e.call_id = category == SB_PUSH_MESSAGE ? "" : "call_1";
    e.payload_json = payload.dump();
    e.created_at = 1'700'000'000'000;
    return e;
}

storage::Device phone() { return storage::Device{"u_bob", "phone", "fcm", "tok-123", R"({"locale":"de"})", 0}; }

json message_payload(const std::string& type) {
    return json{{"event", "message.new"}, {"message_id", "m_1"},       {"sender_id", "u_alice"},
                {"sender_name", "Alice"}, {"conversation_type", type}, {"conversation_title", "Climbing"},
                {"body", "see you at 6"},  {"badge", 3}};
}

TEST(NotificationComposer, DirectMessage) {
    NotificationComposer composer(PushSettings{});
    auto n = composer.compose(entry(SB_PUSH_MESSAGE, message_payload("direct")), phone());
    EXPECT_EQ(n.id, "m_1:u_bob/phone");
    EXPECT_EQ(n.provider, "fcm");
    EXPECT_EQ(n.token, "tok-123");
    EXPECT_EQ(n.device_extra_json, R"({"locale":"de"})");
    EXPECT_EQ(n.category, SB_PUSH_MESSAGE);
    EXPECT_EQ(n.priority, SB_PUSH_NORMAL);
    EXPECT_EQ(n.ttl_seconds, 24u * 3600);
    EXPECT_EQ(n.title, "Alice");
    EXPECT_EQ(n.body, "see you at 6");
    EXPECT_EQ(n.collapse_key, "c_1");
    EXPECT_EQ(n.badge, 3);
    auto data = json::parse(n.data_json);
    EXPECT_EQ(data["event"], "message.new");
    EXPECT_EQ(data["conversation_id"], "c_1");
    EXPECT_EQ(data["message_id"], "m_1");
    EXPECT_EQ(data["seq"], 7);
    EXPECT_EQ(data["sender_id"], "u_alice");
}

TEST(NotificationComposer, GroupMessageNamesTheGroupAndTheSender) {
    NotificationComposer composer(PushSettings{});
    auto n = composer.compose(entry(SB_PUSH_MESSAGE, message_payload("group")), phone());
    EXPECT_EQ(n.title, "Climbing");
    EXPECT_EQ(n.body, "Alice: see you at 6");
}

TEST(NotificationComposer, HiddenContentKeepsOnlyIds) {
    PushSettings settings;
    settings.hidden_content = true;
    NotificationComposer composer(settings);
    auto n = composer.compose(entry(SB_PUSH_MESSAGE, message_payload("direct")), phone());
    EXPECT_TRUE(n.title.empty());
    EXPECT_TRUE(n.body.empty());
    EXPECT_EQ(n.data_json.find("see you"), std::string::npos);
    EXPECT_EQ(json::parse(n.data_json)["message_id"], "m_1");
    EXPECT_EQ(n.badge, 3);
}

TEST(NotificationComposer, IncomingCallIsHighPriorityWithTheCallTtl) {
    PushSettings settings;
    settings.call_ttl_ms = 20'000;
    NotificationComposer composer(settings);
    auto n = composer.compose(
        entry(SB_PUSH_CALL, json{{"event", "call.incoming"}, {"sender_id", "u_alice"}, {"sender_name", "Alice"},
                                 {"media", "video"}}),
        phone());
    EXPECT_EQ(n.category, SB_PUSH_CALL);
    EXPECT_EQ(n.priority, SB_PUSH_HIGH);
    EXPECT_EQ(n.ttl_seconds, 20u);
    EXPECT_EQ(n.collapse_key, "call_1");
    EXPECT_EQ(n.title, "Alice");
    EXPECT_EQ(n.body, "Incoming video call");
    EXPECT_EQ(n.badge, -1);
    auto data = json::parse(n.data_json);
    EXPECT_EQ(data["call_id"], "call_1");
    EXPECT_EQ(data["caller_id"], "u_alice");
    EXPECT_EQ(data["media"], "video");
}

TEST(NotificationComposer, DismissAndMissedCall) {
    NotificationComposer composer(PushSettings{});
    auto dismiss = composer.compose(
        entry(SB_PUSH_CALL_DISMISS, json{{"event", "call.ended"}, {"sender_id", "u_alice"}, {"reason", "cancelled"}}),
        phone());
    EXPECT_EQ(dismiss.category, SB_PUSH_CALL_DISMISS);
    EXPECT_EQ(dismiss.priority, SB_PUSH_HIGH);
    EXPECT_TRUE(dismiss.title.empty());
    EXPECT_EQ(json::parse(dismiss.data_json)["reason"], "cancelled");

    auto missed = composer.compose(
        entry(SB_PUSH_MISSED_CALL, json{{"event", "call.missed"}, {"sender_name", "Alice"}, {"media", "audio"}}),
        phone());
    EXPECT_EQ(missed.priority, SB_PUSH_NORMAL);
    EXPECT_EQ(missed.body, "Missed audio call");
}

TEST(NotificationComposer, PreviewCutsWholeCharacters) {
    PushSettings settings;
    settings.preview_chars = 3;
    NotificationComposer composer(settings);
    EXPECT_EQ(composer.preview("abc"), "abc");
    EXPECT_EQ(composer.preview("h\u00e9ll\u00f6"), "h\u00e9l\u2026");
}

TEST(NotificationComposer, PayloadThatIsNotAnObjectIsRefused) {
    NotificationComposer composer(PushSettings{});
    storage::OutboxEntry e = entry(SB_PUSH_MESSAGE, json::object());
    e.payload_json = "[1,2]";
    EXPECT_THROW(composer.compose(e, phone()), std::invalid_argument);
}

}  // namespace
}  // namespace switchboard::notify
