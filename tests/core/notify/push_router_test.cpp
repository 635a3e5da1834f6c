#include "switchboard/notify/push_router.hpp"

#include <gtest/gtest.h>

#include <cstddef>

namespace switchboard::notify {
namespace {

sb_status answer_delivered(void*, const sb_notification* n, sb_push_done done, void* ctx, sb_error*) {
    sb_push_result r{};
    r.struct_size = sizeof(r);
    r.outcome = n->badge == 0 ? SB_PUSH_DELIVERED : SB_PUSH_RETRY;
    r.http_status = 429;
    r.reason = sdk::to_sb("TooManyRequests");
    r.retry_after_ms = 2500;
    done(ctx, &r);
    return SB_OK;
}

sb_status refuse_busy(void*, const sb_notification*, sb_push_done, void*, sb_error* err) {
    return sb_error_set(err, SB_ERR_BUSY, "queue full");
}

sb_str webpush_config(void*) { return sdk::to_sb(R"({"vapid_public_key":"BKey"})"); }
sb_str broken_config(void*) { return sdk::to_sb("not json"); }

const sb_push_vtable kDelivering{sizeof(sb_push_vtable), &answer_delivered, nullptr};
const sb_push_vtable kBusy{sizeof(sb_push_vtable), &refuse_busy, nullptr};
const sb_push_vtable kWebPush{sizeof(sb_push_vtable), &answer_delivered, &webpush_config};
const sb_push_vtable kBroken{sizeof(sb_push_vtable), &answer_delivered, &broken_config};
// A plugin built before client_config_json: its table ends after send.
const sb_push_vtable kShort{offsetof(sb_push_vtable, client_config_json), &answer_delivered, &webpush_config};

TEST(PushRouter, ProviderPluginFirstThenPushLogThenNone) {
    PushRouter router;
    EXPECT_EQ(router.route("fcm"), nullptr);
    router.add("push.log", kDelivering, nullptr);
    router.add("push.fcm", kDelivering, nullptr);
    ASSERT_NE(router.route("fcm"), nullptr);
    EXPECT_EQ(router.route("fcm")->plugin_id, "push.fcm");
    ASSERT_NE(router.route("apns"), nullptr);
    EXPECT_EQ(router.route("apns")->plugin_id, "push.log");
    // A provider name is matched whole, not as a suffix.
    EXPECT_EQ(router.route("cm")->plugin_id, "push.log");
}

TEST(PushRouter, WithoutPushLogAnUnknownProviderHasNoRoute) {
    PushRouter router;
    router.add("push.webpush", kDelivering, nullptr);
    EXPECT_EQ(router.route("fcm"), nullptr);
    EXPECT_NE(router.route("webpush"), nullptr);
}

TEST(PushRouter, SendCopiesTheResult) {
    PushRouter router;
    router.add("push.fcm", kDelivering, nullptr);
    sdk::OwnedNotification n;
    n.badge = 1;
    std::optional<PushOutcome> got;
    std::string error;
    ASSERT_EQ(router.send(*router.route("fcm"), n, [&](PushOutcome o) { got = std::move(o); }, error), SB_OK);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->outcome, SB_PUSH_RETRY);
    EXPECT_EQ(got->retry_after_ms, 2500);
    EXPECT_EQ(got->reason, "TooManyRequests");
    EXPECT_EQ(got->error_code(), "429");
}

TEST(PushRouter, RefusalReturnsTheStatusWithoutCallingDone) {
    PushRouter router;
    router.add("push.fcm", kBusy, nullptr);
    bool called = false;
    std::string error;
    EXPECT_EQ(router.send(*router.route("fcm"), sdk::OwnedNotification{}, [&](PushOutcome) { called = true; }, error),
              SB_ERR_BUSY);
    EXPECT_FALSE(called);
    EXPECT_EQ(error, "queue full");
}

TEST(PushRouter, ClientConfigByProviderFromThePluginsThatPublishOne) {
    PushRouter router;
    EXPECT_EQ(router.client_config(), nlohmann::json::object());
    router.add("push.log", kDelivering, nullptr);
    router.add("push.webpush", kWebPush, nullptr);
    router.add("push.fcm", kBroken, nullptr);
    EXPECT_EQ(router.client_config(), (nlohmann::json{{"webpush", {{"vapid_public_key", "BKey"}}}}));
}

TEST(PushRouter, AnOlderTableHasNoClientConfig) {
    PushRouter router;
    router.add("push.webpush", sdk::read_record(kShort), nullptr);
    EXPECT_EQ(router.client_config(), nlohmann::json::object());
}

}  // namespace
}  // namespace switchboard::notify
