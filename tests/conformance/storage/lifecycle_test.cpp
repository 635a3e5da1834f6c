// Conformance: restart on the same database (everything acknowledged is
// there, seq continues), stop completes what is queued, calls after stop are
// rejected without done.
#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::Device;
using sdk::storage::RefreshToken;

TEST_F(StorageConformance, RestartKeepsEverythingAcknowledgedAndSeqContinues) {
    ASSERT_TRUE(succeeded(storage().user_create(user("alice"))));
    ASSERT_TRUE(succeeded(storage().user_create(user("bob"))));
    ASSERT_TRUE(succeeded(storage().user_touch("alice", 4242)));
    ASSERT_TRUE(succeeded(storage().refresh_insert(RefreshToken{"h1", "alice", "phone", 1000, 99'000})));
    Device phone{"alice", "phone", "fcm", "token-1", "", 1000};
    ASSERT_TRUE(succeeded(storage().device_upsert(phone)));
    create(group("g1", {"alice", "bob"}));
    create(direct("dm", "alice", "bob"), "alice|bob");
    for (int i = 1; i <= 50; ++i)
        ASSERT_TRUE(succeeded(storage().message_append(
            message("g1", i % 2 ? "alice" : "bob", "c-" + std::to_string(i), "m" + std::to_string(i), 2000 + i))));
    ASSERT_TRUE(succeeded(storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 40)));
    ASSERT_TRUE(succeeded(storage().reaction_set("g1", 10, "bob", "❤️", true, 3000)));
    ASSERT_TRUE(succeeded(storage().message_edit("g1", 11, "m11 edited", std::nullopt, 3001)));
    ASSERT_TRUE(succeeded(storage().message_delete("g1", 12, 3002)));
    ASSERT_TRUE(succeeded(storage().block_set("alice", "mallory", true, 3003)));

    restart();

    auto alice = storage().user_get("alice");
    ASSERT_TRUE(succeeded(alice));
    EXPECT_EQ(alice.value.last_seen_at, 4242);
    EXPECT_TRUE(succeeded(storage().user_get_by_username(user("bob").username)));
    EXPECT_EQ(storage().device_list("alice").value, std::vector<Device>{phone});
    EXPECT_EQ(storage().block_list("alice").value, std::vector<std::string>{"mallory"});
    auto g1 = storage().conversation_get("g1");
    ASSERT_TRUE(succeeded(g1));
    EXPECT_EQ(g1.value.last_seq, 50u);
    EXPECT_EQ(g1.value.member("bob")->read_seq, 40u);
    auto history = storage().message_history("g1", 0, 0, 100);
    ASSERT_EQ(history.value.size(), 50u);
    for (size_t i = 0; i < 50; ++i) {
        EXPECT_EQ(history.value[i].seq, i + 1);
        EXPECT_EQ(history.value[i].client_msg_id, "c-" + std::to_string(i + 1));
    }
    EXPECT_EQ(history.value[9].reactions.size(), 1u);
    EXPECT_EQ(history.value[10].body, "m11 edited");
    EXPECT_EQ(history.value[11].deleted_at, 3002);

    // Seq continues; idempotency keys and direct keys survive.
    EXPECT_EQ(append("g1", "alice", "after restart", 9000), 51u);
    auto resent = storage().message_append(message("g1", "alice", "c-7", "m7 again", 9001));
    ASSERT_TRUE(succeeded(resent));
    EXPECT_TRUE(resent.value.duplicate);
    EXPECT_EQ(resent.value.message.seq, 7u);
    EXPECT_EQ(storage().conversation_create(direct("dm2", "alice", "bob"), "alice|bob").value.conversation_id, "dm");
    auto rotated = storage().refresh_rotate("h1", 5000, RefreshToken{"h2", "alice", "phone", 5000, 99'000});
    ASSERT_TRUE(succeeded(rotated));
    EXPECT_EQ(rotated.value.token_hash, "h1");
    EXPECT_EQ(storage().conversation_list("bob").value.at(0).unread, 6u);  // alice's 41, 43, 45, 47, 49 and 51
}

TEST_F(StorageConformance, StopCompletesEveryQueuedOperationAndTheyAreDurable) {
    create(group("g1", {"alice", "bob"}));
    std::vector<std::shared_ptr<TypedCall<records::AppendResult>>> calls;
    for (int i = 0; i < 2000; ++i)
        calls.push_back(storage().message_append_async(message("g1", "alice", "q-" + std::to_string(i), "m", i)));
    stop();  // checks every done ran exactly once
    uint64_t acknowledged = 0;
    for (const auto& call : calls) {
        ASSERT_EQ(call->calls(), 1);
        auto outcome = call->outcome();
        ASSERT_TRUE(succeeded(outcome));
        acknowledged = std::max(acknowledged, outcome.value.message.seq);
    }
    EXPECT_EQ(acknowledged, 2000u);
    start();
    EXPECT_EQ(storage().conversation_get("g1").value.last_seq, 2000u);
    EXPECT_EQ(storage().message_history("g1", 1990, 0, 100).value.size(), 10u);
}

TEST_F(StorageConformance, CallsAfterStopAreRejectedWithUnavailableAndNeverCompleted) {
    create(group("g1", {"alice", "bob"}));
    host().descriptor().stop(host().instance());
    EXPECT_TRUE(failed_with(storage().user_get("alice"), SB_ERR_UNAVAILABLE));
    EXPECT_TRUE(failed_with(storage().user_create(user("carol")), SB_ERR_UNAVAILABLE));
    EXPECT_TRUE(failed_with(storage().message_append(message("g1", "alice", "late", "x", 1)), SB_ERR_UNAVAILABLE));
    EXPECT_TRUE(failed_with(storage().conversation_list("alice"), SB_ERR_UNAVAILABLE));
    EXPECT_TRUE(failed_with(storage().receipt_set("g1", "bob", SB_RECEIPT_READ, 1), SB_ERR_UNAVAILABLE));
    EXPECT_TRUE(storage().every_done_called_once());
}

}  // namespace
}  // namespace switchboard::conformance::storage
