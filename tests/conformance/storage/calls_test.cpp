// Conformance (ABI 1.2, plugins with the call history operations): a call is
// stored unfinished, finished once, listed per user newest first with a
// started_at cursor, and the calls a stopped server left are finished in bulk.
#include <algorithm>

#include "storage_conformance.hpp"

namespace switchboard::conformance::storage {
namespace {

using sdk::storage::CallRecord;

class CallConformance : public StorageConformance {
protected:
    void SetUp() override {
        StorageConformance::SetUp();
        if (!storage().has_calls()) GTEST_SKIP() << "this storage plugin has no call history operations";
    }

    static CallRecord started(const std::string& id, const std::string& caller, const std::string& callee,
                              int64_t started_at, const std::string& media = "audio") {
        return CallRecord{id, "c_" + caller + "_" + callee, caller, callee, media, "", "", started_at, 0, 0};
    }
    std::vector<std::string> ids(const std::vector<CallRecord>& calls) {
        std::vector<std::string> out;
        for (const auto& c : calls) out.push_back(c.call_id);
        return out;
    }
    std::vector<CallRecord> history(const std::string& user, int64_t before = 0, uint32_t limit = 50) {
        auto r = storage().call_history(user, before, limit);
        EXPECT_TRUE(succeeded(r));
        return r.value;
    }
};

TEST_F(CallConformance, AStartedCallIsStoredUnfinished) {
    CallRecord call = started("k1", "alice", "bob", 1000, "video");
    CallRecord with_noise = call;
    with_noise.outcome = "completed";  // ignored by call_create
    with_noise.end_reason = "hangup";
    with_noise.answered_at = 1100;
    with_noise.ended_at = 1200;
    ASSERT_TRUE(succeeded(storage().call_create(with_noise)));
    EXPECT_EQ(history("alice"), std::vector<CallRecord>{call});
    EXPECT_EQ(history("bob"), std::vector<CallRecord>{call});
    EXPECT_TRUE(history("carol").empty());
    EXPECT_TRUE(failed_with(storage().call_create(started("k1", "carol", "dave", 5)), SB_ERR_CONFLICT));
    EXPECT_EQ(history("alice"), std::vector<CallRecord>{call});
}

TEST_F(CallConformance, ACallIsFinishedOnce) {
    ASSERT_TRUE(succeeded(storage().call_create(started("k1", "alice", "bob", 1000))));
    ASSERT_TRUE(succeeded(storage().call_finish("k1", "completed", "hangup", 1100, 5100)));
    CallRecord finished = started("k1", "alice", "bob", 1000);
    finished.outcome = "completed";
    finished.end_reason = "hangup";
    finished.answered_at = 1100;
    finished.ended_at = 5100;
    EXPECT_EQ(history("bob"), std::vector<CallRecord>{finished});
    EXPECT_TRUE(failed_with(storage().call_finish("k1", "failed", "failed", 0, 9000), SB_ERR_CONFLICT));
    EXPECT_EQ(history("bob"), std::vector<CallRecord>{finished});
    EXPECT_TRUE(failed_with(storage().call_finish("nope", "missed", "timeout", 0, 9000), SB_ERR_NOT_FOUND));
}

TEST_F(CallConformance, HistoryIsNewestFirstWithACursorAndALimit) {
    ASSERT_TRUE(succeeded(storage().call_create(started("k1", "alice", "bob", 1000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k2", "bob", "alice", 2000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k3", "alice", "carol", 3000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k4", "carol", "bob", 4000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k5b", "dave", "alice", 5000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k5a", "alice", "dave", 5000))));
    EXPECT_EQ(ids(history("alice")), (std::vector<std::string>{"k5b", "k5a", "k3", "k2", "k1"}));
    EXPECT_EQ(ids(history("alice", 0, 2)), (std::vector<std::string>{"k5b", "k5a"}));
    EXPECT_EQ(ids(history("alice", 5000, 2)), (std::vector<std::string>{"k3", "k2"}));
    EXPECT_EQ(ids(history("alice", 2000, 10)), (std::vector<std::string>{"k1"}));
    EXPECT_TRUE(history("alice", 1000, 10).empty());
    EXPECT_EQ(ids(history("bob")), (std::vector<std::string>{"k4", "k2", "k1"}));
    EXPECT_EQ(ids(history("carol")), (std::vector<std::string>{"k4", "k3"}));
}

TEST_F(CallConformance, UnfinishedCallsAreFinishedInBulk) {
    ASSERT_TRUE(succeeded(storage().call_create(started("k1", "alice", "bob", 1000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k2", "alice", "bob", 2000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k3", "bob", "carol", 3000))));
    ASSERT_TRUE(succeeded(storage().call_finish("k2", "missed", "timeout", 0, 2500)));
    ASSERT_TRUE(succeeded(storage().call_finish("k3", "declined", "declined", 0, 3100)));
    ASSERT_TRUE(succeeded(storage().call_create(started("k4", "carol", "dave", 4000))));

    auto finished = storage().call_finish_unfinished("failed", "failed", 9000);
    ASSERT_TRUE(succeeded(finished));
    std::vector<std::string> finished_ids = ids(finished.value);
    std::sort(finished_ids.begin(), finished_ids.end());
    EXPECT_EQ(finished_ids, (std::vector<std::string>{"k1", "k4"}));
    for (const auto& c : finished.value) {
        EXPECT_EQ(c.outcome, "failed");
        EXPECT_EQ(c.end_reason, "failed");
        EXPECT_EQ(c.ended_at, 9000);
    }
    auto alice = history("alice");
    ASSERT_EQ(alice.size(), 2u);
    EXPECT_EQ(alice[0].outcome, "missed") << "finished calls are left alone";
    EXPECT_EQ(alice[0].ended_at, 2500);
    EXPECT_EQ(alice[1].outcome, "failed");
    EXPECT_EQ(alice[1].ended_at, 9000);
    EXPECT_EQ(history("carol")[1].outcome, "declined");

    auto again = storage().call_finish_unfinished("failed", "failed", 10000);
    ASSERT_TRUE(succeeded(again));
    EXPECT_TRUE(again.value.empty());
}

TEST_F(CallConformance, CallsSurviveARestart) {
    ASSERT_TRUE(succeeded(storage().call_create(started("k1", "alice", "bob", 1000))));
    ASSERT_TRUE(succeeded(storage().call_create(started("k2", "alice", "bob", 2000))));
    ASSERT_TRUE(succeeded(storage().call_finish("k2", "completed", "hangup", 2100, 2900)));
    restart();
    auto calls = history("bob");
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].outcome, "completed");
    EXPECT_EQ(calls[0].answered_at, 2100);
    EXPECT_EQ(calls[1].outcome, "");
    auto finished = storage().call_finish_unfinished("failed", "failed", 5000);
    ASSERT_TRUE(succeeded(finished));
    EXPECT_EQ(ids(finished.value), std::vector<std::string>{"k1"});
}

}  // namespace
}  // namespace switchboard::conformance::storage
