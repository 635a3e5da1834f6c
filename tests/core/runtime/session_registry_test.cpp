#include "switchboard/runtime/session_registry.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using switchboard::runtime::Payload;
using switchboard::runtime::SessionRegistry;
using switchboard::runtime::TransportHandle;

namespace {

std::map<uint64_t, std::vector<std::string>> sent;

TransportHandle fake_transport() {
    TransportHandle t;
    t.plugin_id = "transport.fake";
    t.vtable.struct_size = sizeof(t.vtable);
    t.vtable.send = [](void*, uint64_t conn, sb_payload* p) -> sb_status {
        sent[conn].push_back(p->bytes);
        return SB_OK;
    };
    t.vtable.close = [](void*, uint64_t, uint32_t, sb_str) {};
    return t;
}

}  // namespace

TEST(SessionRegistry, TracksUsersAcrossSessionsAndFansOut) {
    sent.clear();
    auto transport = fake_transport();
    SessionRegistry r;
    auto& a1 = r.open(1, &transport, "127.0.0.1:1", false);
    auto& a2 = r.open(2, &transport, "127.0.0.1:2", false);
    auto& b = r.open(3, &transport, "127.0.0.1:3", false);
    auto& http = r.open(4, &transport, "127.0.0.1:4", true);
    EXPECT_FALSE(r.online("alice"));
    r.bind(a1, "alice", "phone");
    r.bind(a2, "alice", "laptop");
    r.bind(b, "bob", "");
    r.bind(http, "alice", "");
    EXPECT_EQ(r.sessions_of("alice").size(), 2u) << "stateless sessions are not live sessions";

    Payload p(std::string("event"));
    r.send_to_user("alice", p, /*except_id=*/1);
    EXPECT_TRUE(sent[1].empty());
    EXPECT_EQ(sent[2], std::vector<std::string>{"event"});
    EXPECT_EQ(p.get()->refs.load(), 1u) << "the fake does not keep a reference";

    r.close(2);
    EXPECT_TRUE(r.online("alice"));
    r.close(1);
    EXPECT_FALSE(r.online("alice"));
    EXPECT_EQ(r.find(1), nullptr);
    r.bind(b, "carol", "");
    EXPECT_FALSE(r.online("bob")) << "re-binding moves the session";
    EXPECT_TRUE(r.online("carol"));
}

TEST(Session, TokenBucketLimitsBursts) {
    auto transport = fake_transport();
    SessionRegistry r;
    auto& s = r.open(1, &transport, "", false);
    int allowed = 0;
    for (int i = 0; i < 20; ++i) allowed += s.take_request_token(1000, 10, 5) ? 1 : 0;
    EXPECT_EQ(allowed, 5);
    EXPECT_TRUE(s.take_request_token(1100, 10, 5)) << "100 ms at 10/s refills one token";
    EXPECT_FALSE(s.take_request_token(1100, 10, 5));
}
