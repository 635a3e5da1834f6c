#include "switchboard/notify/notification_policy.hpp"

#include <gtest/gtest.h>

#include "../chat/fake_transport.hpp"

namespace switchboard::notify {
namespace {

using Verdict = NotificationPolicy::Verdict;

constexpr int64_t kNow = 1'700'000'000'000;

storage::NotifySetting setting(const std::string& level, int64_t muted_until = 0) {
    return storage::NotifySetting{"u_bob", "c_1", level, muted_until};
}

TEST(NotificationPolicy, UnsetMeansAll) {
    EXPECT_EQ(NotificationPolicy::for_message(std::nullopt, true, false, 5, 4, kNow), Verdict::push);
    EXPECT_EQ(NotificationPolicy::for_message(setting("all"), true, false, 5, 4, kNow), Verdict::push);
}

TEST(NotificationPolicy, ReadOnAnotherDeviceCancels) {
    EXPECT_EQ(NotificationPolicy::for_message(std::nullopt, false, false, 5, 5, kNow), Verdict::already_read);
    EXPECT_EQ(NotificationPolicy::for_message(std::nullopt, false, false, 5, 9, kNow), Verdict::already_read);
}

TEST(NotificationPolicy, LevelNoneAndMute) {
    EXPECT_EQ(NotificationPolicy::for_message(setting("none"), true, true, 5, 0, kNow), Verdict::level_none);
    EXPECT_EQ(NotificationPolicy::for_message(setting("all", kNow + 1), false, false, 5, 0, kNow), Verdict::muted);
    // A mute that has run out no longer holds anything back.
    EXPECT_EQ(NotificationPolicy::for_message(setting("all", kNow - 1), false, false, 5, 0, kNow), Verdict::push);
}

TEST(NotificationPolicy, MentionsOnlyForGroups) {
    EXPECT_EQ(NotificationPolicy::for_message(setting("mentions"), true, false, 5, 0, kNow), Verdict::not_mentioned);
    EXPECT_EQ(NotificationPolicy::for_message(setting("mentions"), true, true, 5, 0, kNow), Verdict::push);
    // Every message of a direct conversation is addressed to the recipient.
    EXPECT_EQ(NotificationPolicy::for_message(setting("mentions"), false, false, 5, 0, kNow), Verdict::push);
}

TEST(NotificationPolicy, LiveForegroundSessionOnTheDeviceNeedsNoPush) {
    chat::testing::FakeTransport transport;
    runtime::SessionRegistry sessions;
    EXPECT_TRUE(NotificationPolicy::device_needs_push(sessions, "u_bob", "phone"));

    runtime::Session& web = sessions.open(1, transport.handle(), "127.0.0.1", false);
    sessions.bind(web, "u_bob", "web");
    // A live session on another device does not keep the phone from its push.
    EXPECT_TRUE(NotificationPolicy::device_needs_push(sessions, "u_bob", "phone"));

    runtime::Session& phone = sessions.open(2, transport.handle(), "127.0.0.1", false);
    sessions.bind(phone, "u_bob", "phone");
    EXPECT_FALSE(NotificationPolicy::device_needs_push(sessions, "u_bob", "phone"));

    phone.background = true;
    EXPECT_TRUE(NotificationPolicy::device_needs_push(sessions, "u_bob", "phone"));
}

}  // namespace
}  // namespace switchboard::notify
