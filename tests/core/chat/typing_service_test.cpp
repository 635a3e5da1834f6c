#include "switchboard/chat/typing_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "chat_harness.hpp"

namespace switchboard::chat {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::ChatHarness;

constexpr int64_t kTtlMs = 600;

ChatSettings quick_typing() {
    ChatSettings settings;
    settings.typing_ttl_ms = kTtlMs;
    return settings;
}

class TypingServiceTest : public ::testing::Test {
protected:
    TypingServiceTest() : h(quick_typing()), typing(h.context) {
        typing.register_ops(h.dispatcher);
        h.db.add_conversation("c_g", "group", {"u_alice", "u_bob", "u_dave"});
        h.db.add_conversation("c_d", "direct", {"u_alice", "u_bob"});
        h.connect(1, "u_alice");
        h.connect(2, "u_alice");
        h.connect(3, "u_bob");
        h.connect(4, "u_carol");
    }

    json type(uint64_t conn, const std::string& conversation_id, bool active) {
        return h.request(conn, "typing", {{"conversation_id", conversation_id}, {"active", active}});
    }
    std::vector<json> typing_seen_by(uint64_t conn) { return h.transport.events(conn, "typing"); }
    void close(uint64_t conn) {
        auto session = h.sessions.close(conn);
        typing.on_session_closed(*session);
        h.poll();
    }

    ChatHarness h;
    TypingService typing;
};

json event(const std::string& conversation_id, const std::string& user_id, bool active) {
    return json{{"conversation_id", conversation_id}, {"user_id", user_id}, {"active", active}};
}

TEST_F(TypingServiceTest, GoesToOtherMembersButNotTheTypistsOwnSessions) {
    json r = type(1, "c_g", true);
    ASSERT_TRUE(r["ok"]) << r;
    EXPECT_EQ(r["data"], json::object());
    EXPECT_EQ(typing_seen_by(3), std::vector<json>{event("c_g", "u_alice", true)});
    EXPECT_TRUE(typing_seen_by(1).empty());
    EXPECT_TRUE(typing_seen_by(2).empty());
    EXPECT_TRUE(typing_seen_by(4).empty());
}

TEST_F(TypingServiceTest, OnlyMembersMayType) {
    EXPECT_EQ(ChatHarness::error_code(type(4, "c_g", true)), "forbidden");
    EXPECT_EQ(ChatHarness::error_code(type(1, "c_none", true)), "not_found");
    EXPECT_EQ(h.transport.frame_count(3), 0u);
}

TEST_F(TypingServiceTest, ValidatesTheRequest) {
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "typing", {{"conversation_id", "c_g"}})), "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "typing", {{"conversation_id", "c_g"}, {"active", "yes"}})),
              "bad_request");
    EXPECT_EQ(ChatHarness::error_code(h.request(1, "typing", {{"active", true}})), "bad_request");
    h.connect(9, "u_alice", "", true);
    EXPECT_EQ(ChatHarness::error_code(type(9, "c_g", true)), "bad_request");
}

TEST_F(TypingServiceTest, NothingCrossesABlockInADirectConversation) {
    h.db.blocks.insert({"u_bob", "u_alice"});
    EXPECT_EQ(ChatHarness::error_code(type(1, "c_d", true)), "forbidden");
    EXPECT_TRUE(typing_seen_by(3).empty());
    // Groups are not affected.
    EXPECT_TRUE(type(1, "c_g", true)["ok"]);
}

TEST_F(TypingServiceTest, RepeatsWithinHalfTheTtlAreNotPublished) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    ASSERT_TRUE(type(2, "c_g", true)["ok"]);
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    EXPECT_EQ(typing_seen_by(3).size(), 1u);
}

TEST_F(TypingServiceTest, ARefreshAfterHalfTheTtlIsPublishedAgain) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    std::this_thread::sleep_for(std::chrono::milliseconds(kTtlMs / 2 + 50));
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    EXPECT_EQ(typing_seen_by(3), (std::vector<json>{event("c_g", "u_alice", true), event("c_g", "u_alice", true)}));
}

TEST_F(TypingServiceTest, ExpiresWithoutARefresh) {
    // Taken before the request: the expiry timer starts while it is handled.
    auto started = std::chrono::steady_clock::now();
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    h.run_for(std::chrono::milliseconds(kTtlMs * 3));
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(kTtlMs));
    EXPECT_EQ(typing_seen_by(3), (std::vector<json>{event("c_g", "u_alice", true), event("c_g", "u_alice", false)}));
}

TEST_F(TypingServiceTest, ARefreshKeepsItAlive) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    h.run_for(std::chrono::milliseconds(kTtlMs * 2 / 3));
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    // Past the first active:true's ttl, within the refresh's.
    h.run_for(std::chrono::milliseconds(kTtlMs / 2));
    std::vector<json> seen = typing_seen_by(3);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back()["active"], true);

    h.run_for(std::chrono::milliseconds(kTtlMs * 2));
    EXPECT_EQ(typing_seen_by(3).back(), event("c_g", "u_alice", false));
}

TEST_F(TypingServiceTest, StopsWhenTold) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    ASSERT_TRUE(type(2, "c_g", false)["ok"]);
    ASSERT_TRUE(type(1, "c_g", false)["ok"]);
    EXPECT_EQ(typing_seen_by(3), (std::vector<json>{event("c_g", "u_alice", true), event("c_g", "u_alice", false)}));
    // The stopped typist's timer announces nothing later.
    h.run_for(std::chrono::milliseconds(kTtlMs * 2));
    EXPECT_EQ(typing_seen_by(3).size(), 2u);
}

TEST_F(TypingServiceTest, AFalseWithoutATrueIsSilent) {
    ASSERT_TRUE(type(1, "c_g", false)["ok"]);
    EXPECT_TRUE(typing_seen_by(3).empty());
}

TEST_F(TypingServiceTest, EachConversationIsSeparate) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    ASSERT_TRUE(type(1, "c_d", true)["ok"]);
    ASSERT_TRUE(type(1, "c_d", false)["ok"]);
    EXPECT_EQ(typing_seen_by(3), (std::vector<json>{event("c_g", "u_alice", true), event("c_d", "u_alice", true),
                                                    event("c_d", "u_alice", false)}));
}

TEST_F(TypingServiceTest, TheLastSessionClosingEndsTyping) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    ASSERT_TRUE(type(1, "c_d", true)["ok"]);
    close(1);
    EXPECT_EQ(typing_seen_by(3).size(), 2u);  // alice still has session 2
    close(2);
    std::vector<json> seen = typing_seen_by(3);
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[2]["active"], false);
    EXPECT_EQ(seen[3]["active"], false);
    h.run_for(std::chrono::milliseconds(kTtlMs * 2));
    EXPECT_EQ(typing_seen_by(3).size(), 4u);
}

TEST_F(TypingServiceTest, TypingAgainAfterAStopStartsAfresh) {
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    ASSERT_TRUE(type(1, "c_g", false)["ok"]);
    ASSERT_TRUE(type(1, "c_g", true)["ok"]);
    EXPECT_EQ(typing_seen_by(3).size(), 3u);
    h.run_for(std::chrono::milliseconds(kTtlMs * 3));
    EXPECT_EQ(typing_seen_by(3).size(), 4u);
    EXPECT_EQ(typing_seen_by(3).back()["active"], false);
}

}  // namespace
}  // namespace switchboard::chat
