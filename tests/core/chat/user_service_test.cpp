#include "switchboard/chat/user_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "chat_harness.hpp"
#include "switchboard/chat/presence_service.hpp"

namespace switchboard::chat {
namespace {

using nlohmann::json;
using testing::ChatHarness;

ChatSettings quick_presence() {
    ChatSettings settings;
    settings.presence_grace_ms = 50;
    return settings;
}

class UserServiceTest : public ::testing::Test {
protected:
    UserServiceTest() : h(quick_presence()), presence(h.context), users(h.context, presence) {
        users.register_ops(h.dispatcher);
        presence.register_ops(h.dispatcher);
        h.db.add_user("u_alice", "alice", "Alice");
        h.db.add_user("u_bob", "bob", "Bob");
        h.db.add_user("u_carol", "carol", "Carol");
        h.db.add_user("u_alina", "alina", "Alina");
        h.connect(1, "u_alice");
        h.connect(2, "u_bob");
        h.connect(3, "u_carol");
    }

    ChatHarness h;
    PresenceService presence;
    UserService users;
};

std::vector<std::string> ids_of(const json& users) {
    std::vector<std::string> ids;
    for (const auto& u : users) ids.push_back(u["user_id"]);
    return ids;
}

TEST_F(UserServiceTest, MeReturnsTheCallersOwnProfile) {
    json r = h.request(1, "user.me");
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"], (json{{"user_id", "u_alice"},
                               {"username", "alice"},
                               {"display_name", "Alice"},
                               {"created_at", 1'700'000'000'000}}));
}

TEST_F(UserServiceTest, OpsNeedAnAuthenticatedConnection) {
    EXPECT_EQ(ChatHarness::error_code(h.request(99, "user.me")), "unauthorized");
}

TEST_F(UserServiceTest, GetKeepsTheOrderAskedAndLeavesUnknownIdsOut) {
    json r = h.request(1, "user.get", {{"user_ids", {"u_carol", "u_nobody", "u_bob"}}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(ids_of(r["data"]["users"]), (std::vector<std::string>{"u_carol", "u_bob"}));
    EXPECT_EQ(r["data"]["users"][0], (json{{"user_id", "u_carol"}, {"username", "carol"}, {"display_name", "Carol"}}));
}

TEST_F(UserServiceTest, GetRefusesMoreThanAHundredIds) {
    json ids = json::array();
    for (int i = 0; i < 101; ++i) ids.push_back("u_" + std::to_string(i));
    json r = h.request(1, "user.get", {{"user_ids", ids}});
    EXPECT_EQ(ChatHarness::error_code(r), "bad_request");
    EXPECT_EQ(r["error"]["message"], "data.user_ids: more than 100 items");
}

TEST_F(UserServiceTest, GetOfNoIdsIsEmpty) {
    json r = h.request(1, "user.get", {{"user_ids", json::array()}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["users"], json::array());
}

TEST_F(UserServiceTest, GetReportsAStorageFailure) {
    h.db.fail("user_get", SB_ERR_UNAVAILABLE);
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.get", {{"user_ids", {"u_bob", "u_carol"}}})), "unavailable");
}

TEST_F(UserServiceTest, UpdateChangesTheDisplayName) {
    json r = h.request(1, "user.update", {{"display_name", "Alice L."}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["display_name"], "Alice L.");
    EXPECT_EQ(r["data"]["created_at"], 1'700'000'000'000);
    EXPECT_EQ(h.db.users["u_alice"].display_name, "Alice L.");
}

TEST_F(UserServiceTest, UpdateValidatesTheDisplayName) {
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.update", {{"display_name", ""}})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.update", {{"display_name", std::string(65, 'a')}})),
              "bad_request");
    EXPECT_TRUE(h.request(1, "user.update", {{"display_name", std::string(64, 'a')}})["ok"]);
    json r = h.request(1, "user.update", {{"display_name", "two\nlines"}});
    EXPECT_EQ(r["error"]["message"], "data.display_name: must not contain control characters");
    r = h.request(1, "user.update", {{"display_name", "x"}, {"username", "mallory"}});
    EXPECT_EQ(r["error"]["message"], "data.username: unknown field");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.update", json::object())), "bad_request");
}

TEST_F(UserServiceTest, SearchLeavesOutTheCaller) {
    json r = h.request(1, "user.search", {{"query", "al"}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(ids_of(r["data"]["users"]), (std::vector<std::string>{"u_alina"}));
}

TEST_F(UserServiceTest, SearchLeavesOutUsersWhoBlockTheCaller) {
    h.db.blocks.insert({"u_carol", "u_bob"});
    json r = h.request(2, "user.search", {{"query", "a"}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(ids_of(r["data"]["users"]), (std::vector<std::string>{"u_alice", "u_alina"}));
    // Whom the caller blocks stays findable (to unblock them, say).
    h.db.blocks.insert({"u_bob", "u_alice"});
    EXPECT_EQ(ids_of(h.request(2, "user.search", {{"query", "ali"}})["data"]["users"]),
              (std::vector<std::string>{"u_alice", "u_alina"}));
}

TEST_F(UserServiceTest, SearchHonoursTheLimit) {
    json r = h.request(3, "user.search", {{"query", "a"}, {"limit", 2}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(ids_of(r["data"]["users"]), (std::vector<std::string>{"u_alice", "u_alina"}));
    EXPECT_EQ(ChatHarness::error_code(h.request(3, "user.search", {{"query", "a"}, {"limit", 0}})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(3, "user.search", {{"query", "a"}, {"limit", 51}})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(3, "user.search", {{"query", std::string(65, 'a')}})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(3, "user.search", {{"query", ""}})), "bad_request");
}

TEST_F(UserServiceTest, SearchWithNoMatchIsEmpty) {
    json r = h.request(1, "user.search", {{"query", "zz"}});
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"]["users"], json::array());
}

TEST_F(UserServiceTest, BlockAndUnblock) {
    ASSERT_TRUE(h.request(1, "user.block", {{"user_id", "u_bob"}})["ok"]);
    ASSERT_TRUE(h.request(1, "user.block", {{"user_id", "u_carol"}})["ok"]);
    EXPECT_TRUE(h.db.blocks.count({"u_alice", "u_bob"}));
    EXPECT_EQ(h.request(1, "user.blocked")["data"]["user_ids"], (json{"u_bob", "u_carol"}));

    ASSERT_TRUE(h.request(1, "user.unblock", {{"user_id", "u_bob"}})["ok"]);
    EXPECT_FALSE(h.db.blocks.count({"u_alice", "u_bob"}));
    EXPECT_EQ(h.request(1, "user.blocked")["data"]["user_ids"], (json{"u_carol"}));
}

TEST_F(UserServiceTest, BlockKeepsTheBlockCacheCurrent) {
    bool blocked = true;
    h.context.blocks.either_blocks("u_alice", "u_bob", [&](bool b) { blocked = b; });
    h.poll();
    ASSERT_FALSE(blocked);
    int reads = h.db.calls("block_list");

    ASSERT_TRUE(h.request(2, "user.block", {{"user_id", "u_alice"}})["ok"]);
    h.context.blocks.either_blocks("u_alice", "u_bob", [&](bool b) { blocked = b; });
    h.poll();
    EXPECT_TRUE(blocked);
    ASSERT_TRUE(h.request(2, "user.unblock", {{"user_id", "u_alice"}})["ok"]);
    h.context.blocks.either_blocks("u_alice", "u_bob", [&](bool b) { blocked = b; });
    h.poll();
    EXPECT_FALSE(blocked);
    EXPECT_EQ(h.db.calls("block_list"), reads);
}

TEST_F(UserServiceTest, BlockRefusesYourselfAndUnknownUsers) {
    json r = h.request(1, "user.block", {{"user_id", "u_alice"}});
    EXPECT_EQ(r["error"]["message"], "data.user_id: you cannot block yourself");
    r = h.request(1, "user.block", {{"user_id", "u_nobody"}});
    EXPECT_EQ(ChatHarness::error_code(r), "not_found");
    EXPECT_EQ(r["error"]["message"], "user not found");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.unblock", {{"user_id", "u_nobody"}})), "not_found");
    EXPECT_TRUE(h.db.blocks.empty());
}

TEST_F(UserServiceTest, BlockReportsAStorageFailure) {
    h.db.fail("block_set", SB_ERR_INTERNAL);
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.block", {{"user_id", "u_bob"}})), "internal");
    h.db.fail("block_list", SB_ERR_UNAVAILABLE);
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "user.blocked")), "unavailable");
}

TEST_F(UserServiceTest, BlockEndsPresenceFollowingBothWays) {
    h.db.add_conversation("c_1", "direct", {"u_alice", "u_bob"});
    presence.on_session_bound(*h.sessions.find(1));
    presence.on_session_bound(*h.sessions.find(2));
    ASSERT_EQ(h.request(1, "presence.subscribe", {{"user_ids", {"u_bob"}}})["data"]["denied"], json::array());
    ASSERT_EQ(h.request(2, "presence.subscribe", {{"user_ids", {"u_alice"}}})["data"]["denied"], json::array());
    ASSERT_TRUE(h.request(2, "user.block", {{"user_id", "u_alice"}})["ok"]);

    h.transport.clear();
    h.connect(11, "u_alice");
    presence.on_session_bound(*h.sessions.find(11));
    h.connect(12, "u_bob");
    presence.on_session_bound(*h.sessions.find(12));
    auto s1 = h.sessions.close(1);
    presence.on_session_closed(*s1);
    auto s11 = h.sessions.close(11);
    presence.on_session_closed(*s11);
    h.run_for(std::chrono::milliseconds(h.context.settings.presence_grace_ms + 200));
    EXPECT_TRUE(h.transport.events(2, "presence").empty());
    EXPECT_GT(h.db.users["u_alice"].last_seen_at, 0);
    EXPECT_TRUE(h.sessions.find(2)->presence_targets.empty());
}

TEST_F(UserServiceTest, ReportAUser) {
    json r = h.request(1, "user.report", {{"user_id", "u_bob"}, {"reason", "spam"}});
    ASSERT_TRUE(r["ok"]) << r;
    std::string id = r["data"]["report_id"];
    EXPECT_EQ(id.rfind("r_", 0), 0u);
    ASSERT_EQ(h.db.reports.size(), 1u);
    const storage::Report& stored = h.db.reports[0];
    EXPECT_EQ(stored.report_id, id);
    EXPECT_EQ(stored.reporter_id, "u_alice");
    EXPECT_EQ(stored.target_user_id, "u_bob");
    EXPECT_EQ(stored.conversation_id, "");
    EXPECT_EQ(stored.reason, "spam");
    EXPECT_GT(stored.created_at, 0);
}

TEST_F(UserServiceTest, ReportAMessage) {
    h.db.add_conversation("c_g", "group", {"u_alice", "u_bob"});
    uint64_t seq = h.db.add_message("c_g", "u_bob", "buy now");
    json r = h.request(1, "user.report",
                       {{"conversation_id", "c_g"}, {"seq", seq}, {"user_id", "u_bob"}, {"reason", "spam"}});
    ASSERT_TRUE(r["ok"]) << r;
    ASSERT_EQ(h.db.reports.size(), 1u);
    EXPECT_EQ(h.db.reports[0].conversation_id, "c_g");
    EXPECT_EQ(h.db.reports[0].seq, seq);

    r = h.request(1, "user.report", {{"conversation_id", "c_g"}, {"seq", seq + 1}, {"reason", "spam"}});
    EXPECT_EQ(r["error"]["message"], "data.seq: no such message");
}

TEST_F(UserServiceTest, ReportAboutAConversationNeedsMembership) {
    h.db.add_conversation("c_g", "group", {"u_alice", "u_bob"});
    EXPECT_EQ(ChatHarness::error_code(h.request(3, "user.report", {{"conversation_id", "c_g"}, {"reason", "x"}})),
              "forbidden");
    EXPECT_EQ(ChatHarness::error_code(h.request(3, "user.report", {{"conversation_id", "c_no"}, {"reason", "x"}})),
              "not_found");
    EXPECT_TRUE(h.db.reports.empty());
}

TEST_F(UserServiceTest, ReportValidatesItsFields) {
    auto message_of = [&](json data) { return h.request(1, "user.report", std::move(data))["error"]["message"]; };
    EXPECT_EQ(message_of({{"reason", "x"}}), "data: give user_id or conversation_id (or both)");
    EXPECT_EQ(message_of({{"user_id", "u_bob"}}), "data.reason: is required");
    EXPECT_EQ(message_of({{"user_id", "u_bob"}, {"reason", std::string(1001, 'x')}}),
              "data.reason: longer than 1000 bytes");
    EXPECT_EQ(message_of({{"user_id", "u_bob"}, {"seq", 3}, {"reason", "x"}}), "data.seq: needs conversation_id");
    EXPECT_EQ(message_of({{"user_id", "u_alice"}, {"reason", "x"}}), "data.user_id: you cannot report yourself");
    EXPECT_EQ(message_of({{"user_id", "u_nobody"}, {"reason", "x"}}), "user not found");
    EXPECT_TRUE(h.request(1, "user.report", {{"user_id", "u_bob"}, {"reason", std::string(1000, 'x')}})["ok"]);
}

}  // namespace
}  // namespace switchboard::chat
