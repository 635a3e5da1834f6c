#include "server_api_route.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::transport_http {
namespace {

TEST(ServerApiRoute, Endpoints) {
    std::string allowed;
    auto r = ServerApiRoute::match("PUT", "/v1/server/users/alice", std::nullopt, &allowed);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op, "server.user.upsert");
    EXPECT_EQ(r->path_fields["username"], "alice");
    EXPECT_EQ(r->success_status({{"created", true}}), 201u);
    EXPECT_EQ(r->success_status({{"created", false}}), 200u);

    r = ServerApiRoute::match("POST", "/v1/server/users/u_1/tokens", std::nullopt, &allowed);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op, "server.token.create");
    EXPECT_EQ(r->path_fields["user_id"], "u_1");
    EXPECT_EQ(r->success_status({}), 201u);

    r = ServerApiRoute::match("GET", "/v1/server/conversations", "u_1", &allowed);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op, "server.conversation.list");
    EXPECT_EQ(r->path_fields["user_id"], "u_1");

    r = ServerApiRoute::match("POST", "/v1/server/conversations", std::nullopt, &allowed);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op, "server.conversation.create");

    r = ServerApiRoute::match("POST", "/v1/server/conversations/c_1/messages", std::nullopt, &allowed);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->op, "server.message.send");
    EXPECT_EQ(r->path_fields["conversation_id"], "c_1");
    EXPECT_EQ(r->success_status({{"duplicate", true}}), 200u);
    EXPECT_EQ(r->success_status({{"seq", 1}}), 201u);
}

TEST(ServerApiRoute, UnknownPathsAndWrongMethods) {
    std::string allowed;
    EXPECT_FALSE(ServerApiRoute::match("GET", "/v1/server/nothing", std::nullopt, &allowed));
    EXPECT_TRUE(allowed.empty());
    EXPECT_FALSE(ServerApiRoute::match("DELETE", "/v1/server/users/alice", std::nullopt, &allowed));
    EXPECT_EQ(allowed, "PUT");
    allowed.clear();
    EXPECT_FALSE(ServerApiRoute::match("PUT", "/v1/server/conversations", std::nullopt, &allowed));
    EXPECT_EQ(allowed, "GET, POST");
}

}  // namespace
}  // namespace switchboard::plugins::transport_http
