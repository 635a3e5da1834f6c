// Conformance (ABI 1.3, plugins with the push outbox operations): entries
// queued with message_append in its transaction (none for a duplicate),
// idempotent inserts, claims by due time that lease what they return,
// rescheduling, deletion, durability across a restart; notification settings;
// devices deleted by a dead token.
#include <map>
#include <string>
#include <vector>

#include "storage_conformance.hpp"
#include "switchboard/push.h"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::Device;
using sdk::storage::NotifySetting;
using sdk::storage::OutboxEntry;

class OutboxConformance : public StorageConformance {
protected:
    void SetUp() override {
        StorageConformance::SetUp();
        if (!storage().has_outbox()) GTEST_SKIP() << "this storage plugin has no push outbox operations";
    }

    static OutboxEntry entry(const std::string& id, const std::string& user, int64_t due_at) {
        return OutboxEntry{id, user, "", SB_PUSH_MESSAGE, "g1", 0, "", R"({"event":"message.new"})", due_at, 0, 500};
    }
    std::vector<std::string> ids(const std::vector<OutboxEntry>& entries) {
        std::vector<std::string> out;
        for (const auto& e : entries) out.push_back(e.entry_id);
        return out;
    }
};

TEST_F(OutboxConformance, AppendQueuesItsEntriesWithTheSeqAndADuplicateNone) {
    create(group("g1", {"alice", "bob", "carol"}));
    append("g1", "alice", "first", 1000);
    auto stored = storage().message_append(message("g1", "alice", "c2", "second", 2000),
                                           {entry("m2:bob", "bob", 3000), entry("m2:carol", "carol", 3000)});
    ASSERT_TRUE(succeeded(stored));
    EXPECT_EQ(stored.value.message.seq, 2u);

    auto claimed = storage().outbox_claim(3000, 60'000, 10);
    ASSERT_TRUE(succeeded(claimed));
    ASSERT_EQ(claimed.value.size(), 2u);
    for (const auto& e : claimed.value) {
        EXPECT_EQ(e.seq, 2u);
        EXPECT_EQ(e.due_at, 3000);  // as it was before this claim
        EXPECT_EQ(e.payload_json, R"({"event":"message.new"})");
        EXPECT_EQ(e.category, static_cast<uint32_t>(SB_PUSH_MESSAGE));
    }
    ASSERT_TRUE(succeeded(storage().outbox_write({}, ids(claimed.value))));

    // The same client_msg_id again: the original comes back, nothing is queued.
    auto again = storage().message_append(message("g1", "alice", "c2", "second", 2500), {entry("m2b:bob", "bob", 3000)});
    ASSERT_TRUE(succeeded(again));
    EXPECT_TRUE(again.value.duplicate);
    EXPECT_TRUE(storage().outbox_claim(100'000, 200'000, 10).value.empty());

    // An append that fails queues nothing either.
    EXPECT_TRUE(failed_with(storage().message_append(message("nope", "alice", "c3", "x", 3000),
                                                     {entry("m3:bob", "bob", 3000)}),
                            SB_ERR_NOT_FOUND));
    EXPECT_TRUE(storage().outbox_claim(100'000, 200'000, 10).value.empty());
}

TEST_F(OutboxConformance, ClaimTakesDueEntriesOldestFirstAndLeasesThem) {
    ASSERT_TRUE(succeeded(storage().outbox_write(
        {entry("e3", "bob", 3000), entry("e1", "bob", 1000), entry("e2", "bob", 2000), entry("later", "bob", 9000)},
        {})));
    auto first = storage().outbox_claim(5000, 65'000, 2);
    ASSERT_TRUE(succeeded(first));
    EXPECT_EQ(ids(first.value), (std::vector<std::string>{"e1", "e2"}));
    auto second = storage().outbox_claim(5000, 65'000, 10);
    EXPECT_EQ(ids(second.value), (std::vector<std::string>{"e3"}));
    // Leased: not due again before the lease ends, due again after it.
    EXPECT_TRUE(storage().outbox_claim(60'000, 120'000, 10).value.size() == 1u);  // "later" only
    auto after_lease = storage().outbox_claim(65'000, 125'000, 10);
    EXPECT_EQ(ids(after_lease.value), (std::vector<std::string>{"e1", "e2", "e3"}));
}

TEST_F(OutboxConformance, WriteIsIdempotentAndDeletesInTheSameCall) {
    OutboxEntry original = entry("e1", "bob", 1000);
    ASSERT_TRUE(succeeded(storage().outbox_write({original}, {})));
    OutboxEntry changed = original;
    changed.payload_json = R"({"changed":true})";
    changed.due_at = 0;
    OutboxEntry device = entry("e1/phone", "bob", 1000);
    device.device_id = "phone";
    ASSERT_TRUE(succeeded(storage().outbox_write({changed, device}, {"unknown-id"})));
    auto claimed = storage().outbox_claim(1000, 2000, 10);
    ASSERT_EQ(claimed.value.size(), 2u);
    EXPECT_EQ(claimed.value[0], original);  // the existing entry was left as it was
    // Expansion: the device entry in, the user's entry out, together.
    ASSERT_TRUE(succeeded(storage().outbox_write({}, {"e1"})));
    auto rest = storage().outbox_claim(10'000, 20'000, 10);
    ASSERT_EQ(rest.value.size(), 1u);
    EXPECT_EQ(rest.value[0].device_id, "phone");
}

TEST_F(OutboxConformance, RescheduleSetsDueTimeAndAttempts) {
    ASSERT_TRUE(succeeded(storage().outbox_write({entry("e1", "bob", 1000)}, {})));
    ASSERT_TRUE(succeeded(storage().outbox_claim(1000, 61'000, 10)));
    ASSERT_TRUE(succeeded(storage().outbox_reschedule("e1", 5000, 3)));
    auto claimed = storage().outbox_claim(5000, 65'000, 10);
    ASSERT_EQ(claimed.value.size(), 1u);
    EXPECT_EQ(claimed.value[0].attempts, 3u);
    EXPECT_TRUE(failed_with(storage().outbox_reschedule("gone", 5000, 1), SB_ERR_NOT_FOUND));
}

TEST_F(OutboxConformance, EntriesAndSettingsSurviveARestart) {
    ASSERT_TRUE(succeeded(storage().outbox_write({entry("e1", "bob", 1000)}, {})));
    ASSERT_TRUE(succeeded(storage().notify_setting_set(NotifySetting{"bob", "g1", "mentions", 0})));
    restart();
    EXPECT_EQ(ids(storage().outbox_claim(1000, 2000, 10).value), (std::vector<std::string>{"e1"}));
    EXPECT_EQ(storage().notify_setting_get("bob", "g1").value.level, "mentions");
}

TEST_F(OutboxConformance, NotificationSettings) {
    EXPECT_TRUE(failed_with(storage().notify_setting_get("bob", "g1"), SB_ERR_NOT_FOUND));
    NotifySetting muted{"bob", "g1", "all", 99'000};
    ASSERT_TRUE(succeeded(storage().notify_setting_set(muted)));
    auto got = storage().notify_setting_get("bob", "g1");
    ASSERT_TRUE(succeeded(got));
    EXPECT_EQ(got.value, muted);
    NotifySetting none{"bob", "g1", "none", 0};
    ASSERT_TRUE(succeeded(storage().notify_setting_set(none)));
    EXPECT_EQ(storage().notify_setting_get("bob", "g1").value, none);
    EXPECT_TRUE(failed_with(storage().notify_setting_get("carol", "g1"), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().notify_setting_get("bob", "g2"), SB_ERR_NOT_FOUND));
}

TEST_F(OutboxConformance, DeviceDeleteByTokenDeletesThatProvidersTokenForEveryUser) {
    const Device alice_phone{"alice", "phone", "expo", "ExponentPushToken[dead]", "", 1000};
    const Device bob_tablet{"bob", "tablet", "expo", "ExponentPushToken[dead]", R"({"locale":"fr"})", 1000};
    const Device alice_tablet{"alice", "tablet", "expo", "ExponentPushToken[alive]", "", 1000};
    const Device carol_fcm{"carol", "phone", "fcm", "ExponentPushToken[dead]", "", 1000};  // same token, other provider
    for (const Device& d : {alice_phone, bob_tablet, alice_tablet, carol_fcm})
        ASSERT_TRUE(succeeded(storage().device_upsert(d)));

    auto deleted = storage().device_delete_by_token("expo", "ExponentPushToken[dead]");
    ASSERT_TRUE(succeeded(deleted));
    std::map<std::string, Device> by_user;
    for (const Device& d : deleted.value) by_user[d.user_id] = d;
    ASSERT_EQ(deleted.value.size(), 2u);
    EXPECT_EQ(by_user["alice"], alice_phone);
    EXPECT_EQ(by_user["bob"], bob_tablet);

    EXPECT_EQ(storage().device_list("alice").value, (std::vector<Device>{alice_tablet}));
    EXPECT_TRUE(storage().device_list("bob").value.empty());
    EXPECT_EQ(storage().device_list("carol").value, (std::vector<Device>{carol_fcm}));

    auto again = storage().device_delete_by_token("expo", "ExponentPushToken[dead]");
    ASSERT_TRUE(succeeded(again));
    EXPECT_TRUE(again.value.empty());
}

}  // namespace
}  // namespace switchboard::conformance::storage
