// Conformance: conversations (direct idempotent by key, groups, members and
// roles, update, the per-user list with unread counts, last message and order).
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::Conversation;
using sdk::storage::ConversationSummary;
using sdk::storage::Member;

std::vector<std::string> ids_of(const std::vector<ConversationSummary>& list) {
    std::vector<std::string> ids;
    for (const auto& s : list) ids.push_back(s.conversation.conversation_id);
    return ids;
}

TEST_F(StorageConformance, GroupConversationIsStoredWithItsMembersAndRoles) {
    Conversation created = create(group("g1", {"alice", "bob", "carol"}, 1500));
    EXPECT_EQ(created.conversation_id, "g1");
    EXPECT_EQ(created.type, "group");
    EXPECT_EQ(created.title, "Group g1");
    EXPECT_EQ(created.created_by, "alice");
    EXPECT_EQ(created.created_at, 1500);
    EXPECT_EQ(created.last_seq, 0u);
    ASSERT_EQ(created.members.size(), 3u);
    EXPECT_EQ(created.member("alice")->role, "owner");
    EXPECT_EQ(created.member("bob")->role, "member");
    EXPECT_EQ(created.member("carol")->joined_at, 1500);
    EXPECT_EQ(created.member("carol")->read_seq, 0u);

    auto got = storage().conversation_get("g1");
    ASSERT_TRUE(succeeded(got));
    EXPECT_EQ(got.value.type, "group");
    EXPECT_EQ(got.value.title, "Group g1");
    EXPECT_EQ(got.value.members.size(), 3u);
    EXPECT_EQ(got.value.member("alice")->role, "owner");
}

TEST_F(StorageConformance, ConversationGetOfUnknownIsNotFound) {
    EXPECT_TRUE(failed_with(storage().conversation_get("nope"), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, DirectConversationIsIdempotentByDirectKey) {
    Conversation first = create(direct("d1", "alice", "bob"), "alice|bob");
    EXPECT_EQ(first.type, "direct");
    // Asked again (another id, as a racing second request would carry): the first one comes back.
    auto again = storage().conversation_create(direct("d2", "alice", "bob", 2000), "alice|bob");
    ASSERT_TRUE(succeeded(again));
    EXPECT_EQ(again.value.conversation_id, "d1");
    EXPECT_EQ(again.value.created_at, 1000);
    EXPECT_EQ(again.value.members.size(), 2u);
    EXPECT_TRUE(failed_with(storage().conversation_get("d2"), SB_ERR_NOT_FOUND));
    // Another pair gets its own.
    EXPECT_EQ(create(direct("d3", "alice", "carol"), "alice|carol").conversation_id, "d3");
    EXPECT_EQ(storage().conversation_list("alice").value.size(), 2u);
}

TEST_F(StorageConformance, ConversationUpdateChangesTheTitle) {
    create(group("g1", {"alice", "bob"}));
    auto updated = storage().conversation_update("g1", "Renamed");
    ASSERT_TRUE(succeeded(updated));
    EXPECT_EQ(updated.value.title, "Renamed");
    EXPECT_EQ(updated.value.members.size(), 2u);
    EXPECT_EQ(storage().conversation_get("g1").value.title, "Renamed");
    EXPECT_TRUE(failed_with(storage().conversation_update("nope", "x"), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, MembersUpsertAddsMembersAndChangesRoles) {
    create(group("g1", {"alice", "bob"}, 1000));
    auto upserted =
        storage().members_upsert("g1", {Member{"bob", "admin", 5000, 0, 0}, Member{"carol", "member", 5000, 0, 0}});
    ASSERT_TRUE(succeeded(upserted));
    ASSERT_EQ(upserted.value.members.size(), 3u);
    EXPECT_EQ(upserted.value.member("bob")->role, "admin");
    EXPECT_EQ(upserted.value.member("bob")->joined_at, 1000);  // an existing member keeps joined_at
    EXPECT_EQ(upserted.value.member("carol")->role, "member");
    EXPECT_EQ(upserted.value.member("carol")->joined_at, 5000);
    EXPECT_EQ(upserted.value.member("alice")->role, "owner");
    EXPECT_EQ(storage().conversation_get("g1").value.member("bob")->role, "admin");
    EXPECT_TRUE(failed_with(storage().members_upsert("nope", {Member{"x", "member", 1, 0, 0}}), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, MembersUpsertKeepsTheReceiptsOfExistingMembers) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "one", 2000);
    append("g1", "alice", "two", 2001);
    ASSERT_TRUE(succeeded(storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 2)));
    auto upserted = storage().members_upsert("g1", {Member{"bob", "admin", 9000, 0, 0}});
    ASSERT_TRUE(succeeded(upserted));
    EXPECT_EQ(upserted.value.member("bob")->read_seq, 2u);
    EXPECT_EQ(upserted.value.member("bob")->delivered_seq, 2u);
}

TEST_F(StorageConformance, MemberRemove) {
    create(group("g1", {"alice", "bob", "carol"}));
    auto removed = storage().member_remove("g1", "bob");
    ASSERT_TRUE(succeeded(removed));
    EXPECT_EQ(removed.value.members.size(), 2u);
    EXPECT_FALSE(removed.value.member("bob"));
    EXPECT_TRUE(failed_with(storage().member_remove("g1", "bob"), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().member_remove("nope", "alice"), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(storage().conversation_list("bob").value.empty());
    EXPECT_EQ(storage().conversation_list("carol").value.size(), 1u);
}

TEST_F(StorageConformance, ConversationListOfAUserWithoutConversationsIsEmpty) {
    create(group("g1", {"alice", "bob"}));
    auto list = storage().conversation_list("zoe");
    ASSERT_TRUE(succeeded(list));
    EXPECT_TRUE(list.value.empty());
}

TEST_F(StorageConformance, ConversationListHasUnreadCountsLastMessagesAndMostRecentFirst) {
    create(group("quiet", {"alice", "bob"}, 1000));  // no messages, created first
    create(group("busy", {"alice", "bob", "carol"}, 1100));
    create(direct("dm", "alice", "carol", 1200), "alice|carol");
    create(group("other", {"bob", "carol"}, 1300));  // alice is not a member

    append("busy", "bob", "b1", 2000);
    append("busy", "alice", "a1", 2001);  // her own: never unread for her
    append("busy", "carol", "c1", 2002);
    append("busy", "bob", "b2", 2003);
    append("dm", "carol", "hi", 3000);  // the most recent activity
    append("other", "bob", "x", 4000);
    ASSERT_TRUE(succeeded(storage().receipt_set("busy", "alice", SB_RECEIPT_READ, 1)));
    ASSERT_TRUE(succeeded(storage().reaction_set("busy", 4, "carol", "👍", true, 2500)));

    auto list = storage().conversation_list("alice");
    ASSERT_TRUE(succeeded(list));
    ASSERT_EQ(ids_of(list.value), (std::vector<std::string>{"dm", "busy", "quiet"}));

    const ConversationSummary& dm = list.value[0];
    EXPECT_EQ(dm.conversation.type, "direct");
    EXPECT_EQ(dm.conversation.last_seq, 1u);
    EXPECT_EQ(dm.unread, 1u);
    ASSERT_TRUE(dm.last_message);
    EXPECT_EQ(dm.last_message->body, "hi");

    const ConversationSummary& busy = list.value[1];
    EXPECT_EQ(busy.conversation.last_seq, 4u);
    EXPECT_EQ(busy.read_seq, 1u);
    EXPECT_EQ(busy.delivered_seq, 1u);
    EXPECT_EQ(busy.unread, 2u);  // c1 and b2; a1 is hers
    ASSERT_EQ(busy.conversation.members.size(), 3u);
    EXPECT_EQ(busy.conversation.member("alice")->read_seq, 1u);
    EXPECT_EQ(busy.conversation.member("bob")->read_seq, 0u);
    ASSERT_TRUE(busy.last_message);
    EXPECT_EQ(busy.last_message->seq, 4u);
    EXPECT_EQ(busy.last_message->body, "b2");
    ASSERT_EQ(busy.last_message->reactions.size(), 1u);
    EXPECT_EQ(busy.last_message->reactions[0].emoji, "👍");

    const ConversationSummary& quiet = list.value[2];
    EXPECT_EQ(quiet.conversation.last_seq, 0u);
    EXPECT_EQ(quiet.unread, 0u);
    EXPECT_FALSE(quiet.last_message);

    // A deleted message is not unread; a new message moves its conversation to the top.
    ASSERT_TRUE(succeeded(storage().message_delete("busy", 3, 5000)));
    append("busy", "bob", "b3", 6000);
    auto after = storage().conversation_list("alice");
    ASSERT_TRUE(succeeded(after));
    ASSERT_EQ(ids_of(after.value), (std::vector<std::string>{"busy", "dm", "quiet"}));
    EXPECT_EQ(after.value[0].unread, 2u);  // b2 and b3
    EXPECT_EQ(after.value[0].last_message->body, "b3");
}

}  // namespace
}  // namespace switchboard::conformance::storage
