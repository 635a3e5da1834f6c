// Conformance: messages (gap-free seq, idempotent client_msg_id, history
// windows, get, edit, delete) and reactions.
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::Message;

std::vector<uint64_t> seqs_of(const std::vector<Message>& messages) {
    std::vector<uint64_t> seqs;
    for (const Message& m : messages) seqs.push_back(m.seq);
    return seqs;
}

TEST_F(StorageConformance, AppendStoresTheMessageAsSent) {
    create(group("g1", {"alice", "bob"}));
    Message sent = message("g1", "alice", "c-1", "hello", 2000);
    sent.extra_json = R"({"attachments":[{"id":"a1"}]})";
    auto appended = storage().message_append(sent);
    ASSERT_TRUE(succeeded(appended));
    EXPECT_FALSE(appended.value.duplicate);
    Message expected = sent;
    expected.seq = 1;
    EXPECT_EQ(appended.value.message, expected);
    auto got = storage().message_get("g1", 1);
    ASSERT_TRUE(succeeded(got));
    EXPECT_EQ(got.value, expected);
    EXPECT_EQ(storage().conversation_get("g1").value.last_seq, 1u);
}

TEST_F(StorageConformance, AppendKeepsReplyToAndUnicodeBodies) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "question", 2000);
    Message reply = message("g1", "bob", "c-2", "line\n\"quoted\" \\ é 🎉 ' ; --", 2001);
    reply.reply_to_seq = 1;
    auto appended = storage().message_append(reply);
    ASSERT_TRUE(succeeded(appended));
    auto got = storage().message_get("g1", 2);
    ASSERT_TRUE(succeeded(got));
    EXPECT_EQ(got.value.reply_to_seq, 1u);
    EXPECT_EQ(got.value.body, reply.body);
}

TEST_F(StorageConformance, AppendAssignsGapFreeSeqPerConversation) {
    create(group("a", {"alice", "bob"}));
    create(group("b", {"alice", "bob"}));
    for (uint64_t i = 1; i <= 20; ++i) {
        EXPECT_EQ(append("a", "alice", "a" + std::to_string(i), 2000), i);
        if (i % 2 == 0) {
            EXPECT_EQ(append("b", "bob", "b" + std::to_string(i), 2000), i / 2);
        }
    }
    EXPECT_EQ(seqs_of(storage().message_history("a", 0, 0, 100).value).size(), 20u);
    EXPECT_EQ(storage().conversation_get("b").value.last_seq, 10u);
}

TEST_F(StorageConformance, AppendToAnUnknownConversationIsNotFound) {
    EXPECT_TRUE(failed_with(storage().message_append(message("nope", "alice", "c", "x", 1)), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, AppendWithAStoredClientMsgIdReturnsTheOriginalAndStoresNothing) {
    create(group("g1", {"alice", "bob"}));
    auto original = storage().message_append(message("g1", "alice", "retry-me", "first", 2000));
    ASSERT_TRUE(succeeded(original));
    append("g1", "bob", "in between", 2001);

    Message resent = message("g1", "alice", "retry-me", "second attempt", 3000);
    resent.message_id = "another-id";
    auto duplicate = storage().message_append(resent);
    ASSERT_TRUE(succeeded(duplicate));
    EXPECT_TRUE(duplicate.value.duplicate);
    EXPECT_EQ(duplicate.value.message, original.value.message);
    EXPECT_EQ(storage().conversation_get("g1").value.last_seq, 2u);
    EXPECT_EQ(storage().message_history("g1", 0, 0, 100).value.size(), 2u);

    // The key is (conversation, sender, client_msg_id).
    auto other_sender = storage().message_append(message("g1", "bob", "retry-me", "bob's", 3001));
    ASSERT_TRUE(succeeded(other_sender));
    EXPECT_FALSE(other_sender.value.duplicate);
    EXPECT_EQ(other_sender.value.message.seq, 3u);
    create(group("g2", {"alice", "bob"}));
    auto other_conversation = storage().message_append(message("g2", "alice", "retry-me", "elsewhere", 3002));
    ASSERT_TRUE(succeeded(other_conversation));
    EXPECT_FALSE(other_conversation.value.duplicate);
    EXPECT_EQ(other_conversation.value.message.seq, 1u);
}

TEST_F(StorageConformance, AppendWithAnEmptyClientMsgIdIsNeverADuplicate) {
    create(group("g1", {"alice", "bob"}));
    for (uint64_t i = 1; i <= 3; ++i) {
        auto appended = storage().message_append(message("g1", "alice", "", "same", 2000));
        ASSERT_TRUE(succeeded(appended));
        EXPECT_FALSE(appended.value.duplicate);
        EXPECT_EQ(appended.value.message.seq, i);
    }
}

TEST_F(StorageConformance, HistoryWindowsAreAscendingAndLimited) {
    create(group("g1", {"alice", "bob"}));
    for (int i = 1; i <= 10; ++i) append("g1", i % 2 ? "alice" : "bob", "m" + std::to_string(i), 2000 + i);
    auto seqs = [&](uint64_t after, uint64_t before, uint32_t limit) {
        auto history = storage().message_history("g1", after, before, limit);
        EXPECT_TRUE(succeeded(history));
        return seqs_of(history.value);
    };
    using Seqs = std::vector<uint64_t>;
    EXPECT_EQ(seqs(3, 0, 4), (Seqs{4, 5, 6, 7}));  // the first `limit` after
    EXPECT_EQ(seqs(8, 0, 50), (Seqs{9, 10}));
    EXPECT_EQ(seqs(10, 0, 5), Seqs{});
    EXPECT_EQ(seqs(0, 8, 3), (Seqs{5, 6, 7}));  // the last `limit` before
    EXPECT_EQ(seqs(0, 3, 10), (Seqs{1, 2}));
    EXPECT_EQ(seqs(0, 1, 10), Seqs{});
    EXPECT_EQ(seqs(0, 0, 3), (Seqs{8, 9, 10}));  // the latest
    EXPECT_EQ(seqs(0, 0, 100), (Seqs{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    auto history = storage().message_history("g1", 0, 0, 2);
    ASSERT_EQ(history.value.size(), 2u);
    EXPECT_EQ(history.value[1].body, "m10");
    EXPECT_EQ(history.value[1].sender_id, "bob");
    auto unknown = storage().message_history("nope", 0, 0, 10);
    ASSERT_TRUE(succeeded(unknown));
    EXPECT_TRUE(unknown.value.empty());
}

TEST_F(StorageConformance, MessageGetOfUnknownIsNotFound) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "x", 2000);
    EXPECT_TRUE(failed_with(storage().message_get("g1", 2), SB_ERR_NOT_FOUND));
    EXPECT_TRUE(failed_with(storage().message_get("nope", 1), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, MessageEditChangesTheBody) {
    create(group("g1", {"alice", "bob"}));
    Message sent = message("g1", "alice", "c1", "typo", 2000);
    sent.extra_json = R"({"k":1})";
    ASSERT_TRUE(succeeded(storage().message_append(sent)));
    auto edited = storage().message_edit("g1", 1, "fixed", std::nullopt, 3000);
    ASSERT_TRUE(succeeded(edited));
    EXPECT_EQ(edited.value.body, "fixed");
    EXPECT_EQ(edited.value.extra_json, R"({"k":1})");  // NULL extra_json: unchanged
    EXPECT_EQ(edited.value.edited_at, 3000);
    EXPECT_EQ(edited.value.seq, 1u);
    EXPECT_EQ(edited.value.sent_at, 2000);
    auto again = storage().message_edit("g1", 1, "fixed twice", std::string(R"({"k":2})"), 4000);
    ASSERT_TRUE(succeeded(again));
    EXPECT_EQ(again.value.extra_json, R"({"k":2})");
    auto got = storage().message_get("g1", 1);
    EXPECT_EQ(got.value.body, "fixed twice");
    EXPECT_EQ(got.value.edited_at, 4000);
    EXPECT_TRUE(failed_with(storage().message_edit("g1", 9, "x", std::nullopt, 1), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, MessageDeleteKeepsTheSeqAndEmptiesTheBody) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "one", 2000);
    append("g1", "alice", "secret", 2001);
    append("g1", "alice", "three", 2002);
    auto deleted = storage().message_delete("g1", 2, 5000);
    ASSERT_TRUE(succeeded(deleted));
    EXPECT_EQ(deleted.value.seq, 2u);
    EXPECT_EQ(deleted.value.body, "");
    EXPECT_EQ(deleted.value.deleted_at, 5000);
    auto history = storage().message_history("g1", 0, 0, 10);
    ASSERT_EQ(seqs_of(history.value), (std::vector<uint64_t>{1, 2, 3}));
    EXPECT_EQ(history.value[1].body, "");
    EXPECT_EQ(history.value[1].deleted_at, 5000);
    EXPECT_EQ(history.value[1].sender_id, "alice");
    EXPECT_EQ(history.value[2].body, "three");
    // A deleted message cannot be edited; seq goes on after it.
    EXPECT_TRUE(failed_with(storage().message_edit("g1", 2, "back", std::nullopt, 6000), SB_ERR_NOT_FOUND));
    EXPECT_EQ(append("g1", "bob", "four", 7000), 4u);
    EXPECT_TRUE(failed_with(storage().message_delete("g1", 99, 1), SB_ERR_NOT_FOUND));
}

TEST_F(StorageConformance, ReactionsAreUniquePerMessageUserAndEmoji) {
    create(group("g1", {"alice", "bob"}));
    append("g1", "alice", "react to me", 2000);
    ASSERT_TRUE(succeeded(storage().reaction_set("g1", 1, "bob", "👍", true, 3000)));
    auto twice = storage().reaction_set("g1", 1, "bob", "👍", true, 3001);
    ASSERT_TRUE(succeeded(twice));
    ASSERT_EQ(twice.value.reactions.size(), 1u);
    EXPECT_EQ(twice.value.reactions[0].user_id, "bob");
    EXPECT_EQ(twice.value.reactions[0].emoji, "👍");
    ASSERT_TRUE(succeeded(storage().reaction_set("g1", 1, "alice", "👍", true, 3002)));
    auto three = storage().reaction_set("g1", 1, "bob", "🎉", true, 3003);
    ASSERT_TRUE(succeeded(three));
    EXPECT_EQ(three.value.reactions.size(), 3u);

    auto removed = storage().reaction_set("g1", 1, "bob", "👍", false, 4000);
    ASSERT_TRUE(succeeded(removed));
    std::set<std::pair<std::string, std::string>> left;
    for (const auto& r : removed.value.reactions) left.emplace(r.user_id, r.emoji);
    EXPECT_EQ(left, (std::set<std::pair<std::string, std::string>>{{"alice", "👍"}, {"bob", "🎉"}}));
    EXPECT_EQ(storage().message_get("g1", 1).value.reactions.size(), 2u);
    EXPECT_EQ(storage().message_history("g1", 0, 0, 10).value[0].reactions.size(), 2u);
    EXPECT_TRUE(failed_with(storage().reaction_set("g1", 7, "bob", "👍", true, 1), SB_ERR_NOT_FOUND));
}

}  // namespace
}  // namespace switchboard::conformance::storage
