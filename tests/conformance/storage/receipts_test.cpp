// Conformance: delivered/read receipts (monotonic, read raises delivered,
// clamped to last_seq, members only).
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

TEST_F(StorageConformance, ReceiptsNeverGoDown) {
    create(group("g1", {"alice", "bob"}));
    for (int i = 0; i < 6; ++i) append("g1", "alice", "m", 2000 + i);
    auto read5 = storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 5);
    ASSERT_TRUE(succeeded(read5));
    EXPECT_EQ(read5.value.read_seq, 5u);
    EXPECT_TRUE(read5.value.changed);
    auto read3 = storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 3);
    ASSERT_TRUE(succeeded(read3));
    EXPECT_EQ(read3.value.read_seq, 5u);
    EXPECT_EQ(read3.value.delivered_seq, 5u);
    EXPECT_FALSE(read3.value.changed);
    auto delivered2 = storage().receipt_set("g1", "bob", SB_RECEIPT_DELIVERED, 2);
    ASSERT_TRUE(succeeded(delivered2));
    EXPECT_EQ(delivered2.value.delivered_seq, 5u);
    EXPECT_FALSE(delivered2.value.changed);
    auto member = storage().conversation_get("g1").value.member("bob");
    EXPECT_EQ(member->read_seq, 5u);
    EXPECT_EQ(member->delivered_seq, 5u);
}

TEST_F(StorageConformance, ReadRaisesDeliveredButDeliveredDoesNotRaiseRead) {
    create(group("g1", {"alice", "bob"}));
    for (int i = 0; i < 6; ++i) append("g1", "alice", "m", 2000 + i);
    auto delivered = storage().receipt_set("g1", "bob", SB_RECEIPT_DELIVERED, 4);
    ASSERT_TRUE(succeeded(delivered));
    EXPECT_EQ(delivered.value.delivered_seq, 4u);
    EXPECT_EQ(delivered.value.read_seq, 0u);
    EXPECT_TRUE(delivered.value.changed);
    auto read = storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 6);
    ASSERT_TRUE(succeeded(read));
    EXPECT_EQ(read.value.delivered_seq, 6u);
    EXPECT_EQ(read.value.read_seq, 6u);
    EXPECT_TRUE(read.value.changed);
}

TEST_F(StorageConformance, ReceiptsAreClampedToTheLastSeq) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "one", 2000);
    append("g1", "alice", "two", 2001);
    auto read = storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 1000);
    ASSERT_TRUE(succeeded(read));
    EXPECT_EQ(read.value.read_seq, 2u);
    EXPECT_EQ(read.value.delivered_seq, 2u);
    append("g1", "alice", "three", 2002);
    auto summary = storage().conversation_list("bob").value.at(0);
    EXPECT_EQ(summary.read_seq, 2u);
    EXPECT_EQ(summary.unread, 1u);
    create(group("g2", {"alice", "bob"}));
    auto nothing_yet = storage().receipt_set("g2", "bob", SB_RECEIPT_DELIVERED, 5);
    ASSERT_TRUE(succeeded(nothing_yet));
    EXPECT_EQ(nothing_yet.value.delivered_seq, 0u);
    EXPECT_FALSE(nothing_yet.value.changed);
}

TEST_F(StorageConformance, ReceiptOfANonMemberIsNotFound) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "one", 2000);
    EXPECT_TRUE(failed_with(storage().receipt_set("g1", "mallory", SB_RECEIPT_READ, 1), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().receipt_set("nope", "bob", SB_RECEIPT_READ, 1), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, ReceiptsShowInMembersAndInTheList) {
    create(group("g1", {"alice", "bob"}));
    for (int i = 0; i < 4; ++i) append("g1", "alice", "m", 2000 + i);
    ASSERT_TRUE(succeeded(storage().receipt_set("g1", "bob", SB_RECEIPT_DELIVERED, 4)));
    ASSERT_TRUE(succeeded(storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 3)));
    auto bob = storage().conversation_list("bob").value.at(0);
    EXPECT_EQ(bob.delivered_seq, 4u);
    EXPECT_EQ(bob.read_seq, 3u);
    EXPECT_EQ(bob.unread, 1u);
    // Alice sees Bob's receipts through the members.
    auto alice = storage().conversation_list("alice").value.at(0);
    EXPECT_EQ(alice.conversation.member("bob")->delivered_seq, 4u);
    EXPECT_EQ(alice.conversation.member("bob")->read_seq, 3u);
    EXPECT_EQ(alice.unread, 0u);
}

}  // namespace
}  // namespace switchboard::conformance::storage
