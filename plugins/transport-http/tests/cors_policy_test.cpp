#include "cors_policy.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace switchboard::plugins::transport_http {
namespace {

std::string header_of(const Reply& r, const std::string& name) {
    auto it = std::find_if(r.headers.begin(), r.headers.end(), [&](const auto& h) { return h.first == name; });
    return it == r.headers.end() ? std::string() : it->second;
}

TEST(CorsPolicy, NoOriginsNoHeaders) {
    CorsPolicy cors({}, std::chrono::seconds(600));
    Reply r;
    cors.decorate("https://app.example", r);
    EXPECT_TRUE(r.headers.empty());
    EXPECT_EQ(cors.preflight("https://app.example").status, 403u);
}

TEST(CorsPolicy, AllowedOriginGetsItsHeaders) {
    CorsPolicy cors({"https://app.example"}, std::chrono::seconds(600));
    Reply r;
    cors.decorate("https://app.example", r);
    EXPECT_EQ(header_of(r, "Access-Control-Allow-Origin"), "https://app.example");
    EXPECT_EQ(header_of(r, "Vary"), "Origin");
    Reply other;
    cors.decorate("https://evil.example", other);
    EXPECT_TRUE(other.headers.empty());
    Reply preflight = cors.preflight("https://app.example");
    EXPECT_EQ(preflight.status, 204u);
    EXPECT_NE(header_of(preflight, "Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
    EXPECT_EQ(header_of(preflight, "Access-Control-Max-Age"), "600");
    EXPECT_EQ(cors.preflight("https://evil.example").status, 403u);
}

TEST(CorsPolicy, StarAllowsAnyOrigin) {
    CorsPolicy cors({"*"}, std::chrono::seconds(1));
    EXPECT_TRUE(cors.allows("http://localhost:3000"));
    Reply r;
    cors.decorate(std::nullopt, r);
    EXPECT_TRUE(r.headers.empty());  // not a browser's cross-origin request
}

}  // namespace
}  // namespace switchboard::plugins::transport_http
