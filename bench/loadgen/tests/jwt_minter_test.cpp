#include <gtest/gtest.h>

#include <ctime>

#include "jwt_minter.hpp"
#include "switchboard/auth/jwt_verifier.hpp"

namespace switchboard::bench {
namespace {

const std::string kSecret = "a-bench-secret-that-is-at-least-32-bytes-long";

TEST(JwtMinter, TheServersVerifierAcceptsItsTokens) {
    auth::JwtVerifier verifier;
    verifier.add_internal_secret(kSecret, "switchboard", "switchboard");
    JwtMinter minter(kSecret, "switchboard", "switchboard");
    auto result = verifier.verify(minter.mint("bench-u7", std::time(nullptr), 600));
    ASSERT_TRUE(result);
    EXPECT_EQ(result.token().subject, "bench-u7");
}

TEST(JwtMinter, AnotherSecretOrAnExpiredTokenIsRefused) {
    auth::JwtVerifier verifier;
    verifier.add_internal_secret(kSecret, "switchboard", "switchboard");
    JwtMinter other(kSecret + "x", "switchboard", "switchboard");
    EXPECT_FALSE(verifier.verify(other.mint("bench-u1", std::time(nullptr), 600)));
    JwtMinter minter(kSecret, "switchboard", "switchboard");
    EXPECT_FALSE(verifier.verify(minter.mint("bench-u1", std::time(nullptr) - 7200, 600)));
}

}  // namespace
}  // namespace switchboard::bench
