// Conformance (ABI 1.4, plugins with push_context): what a push about one
// message needs to know of its recipient, in one read, agreeing with the
// operations it replaces (notify_setting_get, conversation_list's unread
// and read_seq, message_get).
#include <string>

#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::NotifySetting;

class PushContextConformance : public StorageConformance {
protected:
    void SetUp() override {
        StorageConformance::SetUp();
        if (!storage().has_push_context()) GTEST_SKIP() << "this storage plugin has no push_context";
    }

    // The sum of conversation_list's unread for `user_id`.
    uint64_t listed_unread_total(const std::string& user_id) {
        auto list = storage().conversation_list(user_id);
        EXPECT_TRUE(succeeded(list));
        uint64_t total = 0;
        for (const auto& summary : list.value) total += summary.unread;
        return total;
    }
};

TEST_F(PushContextConformance, AnswersTheRecipientsStateTheUnreadTotalAndTheMessage) {
    create(direct("d1", "alice", "bob"));
    auto g = group("g1", {"alice", "bob", "carol"});
    g.title = "Climbing";
    create(g);
    append("d1", "alice", "one", 1000);
    append("d1", "bob", "own messages are not unread", 1100);
    append("g1", "carol", "two", 1200);
    const uint64_t deleted = append("g1", "alice", "deleted: not unread", 1300);
    ASSERT_TRUE(succeeded(storage().message_delete("g1", deleted, 1400)));
    const uint64_t seq = append("g1", "alice", "three", 1500);
    ASSERT_TRUE(succeeded(storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 1)));  // read "two"

    auto context = storage().push_context("bob", "g1", seq);
    ASSERT_TRUE(succeeded(context));
    EXPECT_EQ(context.value.conversation_type, "group");
    EXPECT_EQ(context.value.conversation_title, "Climbing");
    EXPECT_EQ(context.value.read_seq, 1u);
    EXPECT_EQ(context.value.unread_total, 2u);  // "one" and "three"
    EXPECT_EQ(context.value.unread_total, listed_unread_total("bob"));
    EXPECT_FALSE(context.value.setting.has_value());
    ASSERT_TRUE(context.value.message.has_value());
    EXPECT_EQ(context.value.message->seq, seq);
    EXPECT_EQ(context.value.message->body, "three");
    EXPECT_EQ(context.value.message->sender_id, "alice");

    auto direct_context = storage().push_context("bob", "d1", 1);
    ASSERT_TRUE(succeeded(direct_context));
    EXPECT_EQ(direct_context.value.conversation_type, "direct");
    EXPECT_EQ(direct_context.value.conversation_title, "");
    EXPECT_EQ(direct_context.value.read_seq, 0u);
    EXPECT_EQ(direct_context.value.unread_total, 2u);

    EXPECT_EQ(storage().push_context("carol", "g1", seq).value.unread_total, listed_unread_total("carol"));
}

TEST_F(PushContextConformance, CarriesTheSettingADeletedMessageAndNoMessageBeyondTheLast) {
    create(group("g1", {"alice", "bob"}));
    const uint64_t seq = append("g1", "alice", "soon deleted", 1000);
    ASSERT_TRUE(succeeded(storage().notify_setting_set(NotifySetting{"bob", "g1", "mentions", 99'000})));
    ASSERT_TRUE(succeeded(storage().message_delete("g1", seq, 2000)));

    auto context = storage().push_context("bob", "g1", seq);
    ASSERT_TRUE(succeeded(context));
    ASSERT_TRUE(context.value.setting.has_value());
    EXPECT_EQ(*context.value.setting, (NotifySetting{"bob", "g1", "mentions", 99'000}));
    ASSERT_TRUE(context.value.message.has_value());  // as message_get answers it: deleted, kept
    EXPECT_EQ(context.value.message->deleted_at, 2000);
    EXPECT_EQ(context.value.unread_total, 0u);

    auto beyond = storage().push_context("bob", "g1", seq + 1);
    ASSERT_TRUE(succeeded(beyond));
    EXPECT_FALSE(beyond.value.message.has_value());
}

TEST_F(PushContextConformance, SomeoneWhoIsNotAMemberIsNotFound) {
    create(group("g1", {"alice", "bob"}));
    const uint64_t seq = append("g1", "alice", "hello", 1000);
    EXPECT_EQ(storage().push_context("carol", "g1", seq).status, SB_ERR_NOT_FOUND);
    EXPECT_EQ(storage().push_context("bob", "nowhere", seq).status, SB_ERR_NOT_FOUND);
}

}  // namespace
}  // namespace switchboard::conformance::storage
