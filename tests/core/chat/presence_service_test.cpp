#include "switchboard/chat/presence_service.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "chat_harness.hpp"
#include "switchboard/util/clock.hpp"

namespace switchboard::chat {
namespace {

using nlohmann::json;
using testing::ChatHarness;

constexpr int64_t kGraceMs = 300;

ChatSettings quick_presence() {
    ChatSettings settings;
    settings.presence_grace_ms = kGraceMs;
    return settings;
}

class PresenceServiceTest : public ::testing::Test {
protected:
    PresenceServiceTest() : h(quick_presence()), presence(h.context) {
        presence.register_ops(h.dispatcher);
        for (const char* name : {"alice", "bob", "carol", "dave"}) h.db.add_user(std::string("u_") + name, name);
        h.db.add_conversation("c_ab", "group", {"u_alice", "u_bob"});
        h.db.add_conversation("c_ac", "direct", {"u_alice", "u_carol"});
    }

    void bind(uint64_t conn, const std::string& user_id) {
        runtime::Session* session = h.sessions.find(conn);
        if (session) h.sessions.bind(*session, user_id, "");
        else session = &h.connect(conn, user_id);
        presence.on_session_bound(*session);
        h.poll();
    }
    void close(uint64_t conn) {
        auto session = h.sessions.close(conn);
        presence.on_session_closed(*session);
        h.poll();
    }
    json subscribe(uint64_t conn, json user_ids) {
        return h.request(conn, "presence.subscribe", {{"user_ids", std::move(user_ids)}});
    }
    std::vector<json> presence_seen_by(uint64_t conn) { return h.transport.events(conn, "presence"); }
    void wait_past_grace() { h.run_for(std::chrono::milliseconds(kGraceMs * 3)); }

    ChatHarness h;
    PresenceService presence;
};

TEST_F(PresenceServiceTest, SubscribeAllowsOnlyUsersSharingAConversation) {
    h.db.users["u_carol"].last_seen_at = 1234;
    bind(1, "u_alice");
    bind(2, "u_bob");
    int64_t before = util::now_ms();
    json r = subscribe(1, {"u_bob", "u_carol", "u_dave", "u_nobody"});
    int64_t after = util::now_ms();
    ASSERT_TRUE(r["ok"]) << r;
    const json& entries = r["data"]["presence"];
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0]["user_id"], "u_bob");
    EXPECT_EQ(entries[0]["online"], true);
    EXPECT_GE(entries[0]["last_seen_at"].get<int64_t>(), before);
    EXPECT_LE(entries[0]["last_seen_at"].get<int64_t>(), after);
    EXPECT_EQ(entries[1], (json{{"user_id", "u_carol"}, {"online", false}, {"last_seen_at", 1234}}));
    EXPECT_EQ(r["data"]["denied"], (json{"u_dave", "u_nobody"}));
    EXPECT_EQ(h.sessions.find(1)->presence_targets, (std::unordered_set<std::string>{"u_bob", "u_carol"}));
}

TEST_F(PresenceServiceTest, SubscribeToYourselfIsAllowed) {
    bind(1, "u_alice");
    json r = subscribe(1, {"u_alice"});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["presence"][0]["online"], true);
    EXPECT_EQ(r["data"]["denied"], json::array());
}

TEST_F(PresenceServiceTest, SubscribeDeniesAcrossABlockEitherWay) {
    h.db.blocks.insert({"u_carol", "u_alice"});
    h.db.blocks.insert({"u_alice", "u_bob"});
    bind(1, "u_alice");
    json r = subscribe(1, {"u_bob", "u_carol"});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["presence"], json::array());
    EXPECT_EQ(r["data"]["denied"], (json{"u_bob", "u_carol"}));
    EXPECT_TRUE(h.sessions.find(1)->presence_targets.empty());
}

TEST_F(PresenceServiceTest, SubscribeValidatesTheRequest) {
    bind(1, "u_alice");
    json many = json::array();
    for (int i = 0; i < 501; ++i) many.push_back("u_" + std::to_string(i));
    EXPECT_EQ(subscribe(1, many)["error"]["message"], "data.user_ids: more than 500 items");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "presence.subscribe")), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(subscribe(1, {1, 2})), "bad_request");
    h.connect(9, "u_alice", "", true);
    EXPECT_EQ(ChatHarness::error_code(subscribe(9, {"u_bob"})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(9, "presence.unsubscribe", {{"user_ids", {"u_bob"}}})),
              "bad_request");
}

TEST_F(PresenceServiceTest, SubscribeFailsWhenConversationsCannotBeRead) {
    bind(1, "u_alice");
    h.db.fail("conversation_list", SB_ERR_UNAVAILABLE);
    EXPECT_EQ(ChatHarness::error_code(subscribe(1, {"u_bob"})), "unavailable");
    EXPECT_TRUE(h.sessions.find(1)->presence_targets.empty());
}

TEST_F(PresenceServiceTest, AnUnreadableLastSeenReadsAsNever) {
    bind(1, "u_alice");
    h.db.fail("user_get", SB_ERR_UNAVAILABLE);
    json r = subscribe(1, {"u_bob"});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["presence"][0], (json{{"user_id", "u_bob"}, {"online", false}, {"last_seen_at", 0}}));
}

TEST_F(PresenceServiceTest, FollowersHearOnlineThenOfflineAfterTheGrace) {
    bind(1, "u_alice");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    int64_t before = util::now_ms();
    bind(2, "u_bob");
    std::vector<json> seen = presence_seen_by(1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0]["user_id"], "u_bob");
    EXPECT_EQ(seen[0]["online"], true);
    EXPECT_GE(seen[0]["last_seen_at"].get<int64_t>(), before);

    int64_t closed_at = util::now_ms();
    close(2);
    EXPECT_EQ(presence_seen_by(1).size(), 1u);  // still within the grace
    wait_past_grace();
    seen = presence_seen_by(1);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1]["online"], false);
    int64_t last_seen = seen[1]["last_seen_at"];
    EXPECT_GE(last_seen, closed_at);
    EXPECT_LT(last_seen, closed_at + kGraceMs);
    EXPECT_EQ(h.db.users["u_bob"].last_seen_at, last_seen);
}

TEST_F(PresenceServiceTest, AReconnectWithinTheGraceIsNotSeen) {
    bind(1, "u_alice");
    bind(2, "u_bob");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    close(2);
    bind(3, "u_bob");
    wait_past_grace();
    EXPECT_TRUE(presence_seen_by(1).empty());
    EXPECT_EQ(h.db.calls("user_touch"), 0);
}

TEST_F(PresenceServiceTest, OnlyTheFirstAndLastSessionsCount) {
    bind(1, "u_alice");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    bind(2, "u_bob");
    bind(3, "u_bob");
    close(2);
    wait_past_grace();
    EXPECT_EQ(presence_seen_by(1).size(), 1u);
    close(3);
    wait_past_grace();
    std::vector<json> seen = presence_seen_by(1);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[1]["online"], false);
}

TEST_F(PresenceServiceTest, ReauthenticatingAsTheSameUserChangesNothing) {
    bind(1, "u_alice");
    bind(2, "u_bob");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    bind(2, "u_bob");
    EXPECT_TRUE(presence_seen_by(1).empty());
}

TEST_F(PresenceServiceTest, StatelessSessionsDoNotMakeAUserOnline) {
    bind(1, "u_alice");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    runtime::Session& http = h.connect(5, "u_bob", "", true);
    presence.on_session_bound(http);
    close(5);
    wait_past_grace();
    EXPECT_TRUE(presence_seen_by(1).empty());
}

TEST_F(PresenceServiceTest, UnsubscribeStopsTheEvents) {
    bind(1, "u_alice");
    ASSERT_TRUE(subscribe(1, {"u_bob", "u_carol"})["ok"]);
    ASSERT_TRUE(h.request(1, "presence.unsubscribe", {{"user_ids", {"u_bob", "u_dave"}}})["ok"]);
    EXPECT_EQ(h.sessions.find(1)->presence_targets, (std::unordered_set<std::string>{"u_carol"}));
    bind(2, "u_bob");
    bind(3, "u_carol");
    std::vector<json> seen = presence_seen_by(1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0]["user_id"], "u_carol");
}

TEST_F(PresenceServiceTest, AClosedSessionsSubscriptionsEndWithIt) {
    bind(1, "u_alice");
    bind(4, "u_alice");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    close(1);
    // A new connection that happens to get the same id follows nobody.
    bind(1, "u_carol");
    bind(2, "u_bob");
    EXPECT_TRUE(presence_seen_by(1).empty());
    EXPECT_TRUE(presence_seen_by(4).empty());
}

TEST_F(PresenceServiceTest, ARebindDropsSubscriptionsAndThePreviousUsersPresence) {
    bind(1, "u_alice");
    bind(3, "u_carol");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    ASSERT_TRUE(subscribe(3, {"u_alice"})["ok"]);
    bind(1, "u_dave");
    EXPECT_TRUE(h.sessions.find(1)->presence_targets.empty());
    bind(2, "u_bob");
    EXPECT_TRUE(presence_seen_by(1).empty());
    wait_past_grace();
    std::vector<json> seen = presence_seen_by(3);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0]["user_id"], "u_alice");
    EXPECT_EQ(seen[0]["online"], false);
}

TEST_F(PresenceServiceTest, LastSeenIsRememberedAfterGoingOffline) {
    bind(2, "u_bob");
    close(2);
    wait_past_grace();
    int64_t stored = h.db.users["u_bob"].last_seen_at;
    ASSERT_GT(stored, 0);
    bind(1, "u_alice");
    int reads = h.db.calls("user_get");
    json r = subscribe(1, {"u_bob"});
    EXPECT_EQ(r["data"]["presence"][0], (json{{"user_id", "u_bob"}, {"online", false}, {"last_seen_at", stored}}));
    EXPECT_EQ(h.db.calls("user_get"), reads);
}

TEST_F(PresenceServiceTest, ContactsAreCachedUntilForgotten) {
    bind(1, "u_alice");
    ASSERT_TRUE(subscribe(1, {"u_bob"})["ok"]);
    EXPECT_EQ(subscribe(1, {"u_dave"})["data"]["denied"], json{"u_dave"});
    EXPECT_EQ(h.db.calls("conversation_list"), 1);

    h.db.add_conversation("c_ad", "direct", {"u_alice", "u_dave"});
    presence.forget_contacts("u_alice");
    EXPECT_EQ(subscribe(1, {"u_dave"})["data"]["denied"], json::array());
    EXPECT_EQ(h.db.calls("conversation_list"), 2);
}

TEST_F(PresenceServiceTest, ConcurrentSubscribesShareOneContactsRead) {
    bind(1, "u_alice");
    bind(2, "u_alice");
    auto answered = std::make_shared<int>(0);
    for (uint64_t conn : {1, 2}) {
        auto call = std::make_shared<Call>([answered](uint64_t, std::string, const Call::Outcome&) { ++*answered; }, conn, 1,
                                           "presence.subscribe", json{{"user_ids", {"u_bob"}}}, "u_alice", "", false);
        h.dispatcher.dispatch(call);
    }
    h.poll();
    EXPECT_EQ(*answered, 2);
    EXPECT_EQ(h.db.calls("conversation_list"), 1);
}

TEST_F(PresenceServiceTest, FlushStoresLastSeenOfOnlineAndLeavingUsers) {
    bind(1, "u_alice");
    bind(2, "u_bob");
    int64_t bob_left = util::now_ms();
    close(2);  // within the grace: still online to followers
    int done = 0;
    presence.flush([&] { ++done; });
    EXPECT_EQ(done, 0);  // storage answers through the loop
    h.poll();
    EXPECT_EQ(done, 1);
    EXPECT_GE(h.db.users["u_alice"].last_seen_at, bob_left);
    EXPECT_GE(h.db.users["u_bob"].last_seen_at, bob_left);
    EXPECT_LE(h.db.users["u_bob"].last_seen_at, h.db.users["u_alice"].last_seen_at);
    EXPECT_EQ(h.db.calls("user_touch"), 2);

    // Sessions closing during shutdown store nothing more.
    close(1);
    wait_past_grace();
    EXPECT_EQ(h.db.calls("user_touch"), 2);
    EXPECT_EQ(done, 1);
}

TEST_F(PresenceServiceTest, FlushWithNobodyOnlineIsDoneAtOnce) {
    int done = 0;
    presence.flush([&] { ++done; });
    EXPECT_EQ(done, 1);
}

TEST_F(PresenceServiceTest, AFailedLastSeenWriteStillFinishesTheFlush) {
    bind(1, "u_alice");
    h.db.fail("user_touch", SB_ERR_UNAVAILABLE);
    int done = 0;
    presence.flush([&] { ++done; });
    h.poll();
    EXPECT_EQ(done, 1);
}

}  // namespace
}  // namespace switchboard::chat
