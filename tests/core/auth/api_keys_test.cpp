#include "switchboard/auth/api_keys.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace switchboard::auth {
namespace {

const std::string kFirst(40, 'a');
const std::string kSecond = "0123456789abcdef0123456789abcdef";

TEST(ApiKeys, NoKeysMeansOff) {
    ApiKeys keys({});
    EXPECT_FALSE(keys.enabled());
    EXPECT_FALSE(keys.valid(""));
    EXPECT_FALSE(keys.valid(kFirst));
}

TEST(ApiKeys, AnyConfiguredKeyIsValidAndNothingElse) {
    ApiKeys keys({kFirst, kSecond});
    EXPECT_TRUE(keys.enabled());
    EXPECT_TRUE(keys.valid(kFirst));
    EXPECT_TRUE(keys.valid(kSecond));
    EXPECT_FALSE(keys.valid(kFirst + "a"));
    EXPECT_FALSE(keys.valid(kFirst.substr(1)));
    EXPECT_FALSE(keys.valid(""));
}

TEST(ApiKeys, ShortKeysAreRefused) {
    try {
        ApiKeys keys({kFirst, "short"});
        FAIL() << "a short key was accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "key 2 is shorter than 32 characters; use a random one (openssl rand -hex 32)");
    }
}

}  // namespace
}  // namespace switchboard::auth
