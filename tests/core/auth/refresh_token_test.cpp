#include "switchboard/auth/refresh_token.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "switchboard/auth/base64_url.hpp"

namespace switchboard::auth {
namespace {

TEST(RefreshToken, IsThirtyTwoRandomBytesInBase64Url) {
    const RefreshToken token = RefreshToken::generate();
    EXPECT_EQ(token.token.size(), 43u);
    const auto bytes = Base64Url::decode(token.token);
    ASSERT_TRUE(bytes);
    EXPECT_EQ(bytes->size(), RefreshToken::kRandomBytes);
}

TEST(RefreshToken, IsUnique) {
    std::set<std::string> tokens;
    std::set<std::string> hashes;
    for (int i = 0; i < 1000; ++i) {
        const RefreshToken token = RefreshToken::generate();
        tokens.insert(token.token);
        hashes.insert(token.hash);
    }
    EXPECT_EQ(tokens.size(), 1000u);
    EXPECT_EQ(hashes.size(), 1000u);
}

TEST(RefreshToken, StoresTheSha256HexOfTheToken) {
    const RefreshToken token = RefreshToken::generate();
    EXPECT_EQ(token.hash, RefreshToken::hash_of(token.token));
    EXPECT_EQ(token.hash.size(), 64u);
    EXPECT_EQ(token.hash.find_first_not_of("0123456789abcdef"), std::string::npos);
    EXPECT_EQ(RefreshToken::hash_of("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace switchboard::auth
