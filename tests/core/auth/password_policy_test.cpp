#include "switchboard/auth/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>

namespace switchboard::auth {
namespace {

TEST(PasswordPolicy, AcceptsPasswordsOfTheMinimumLength) {
    const PasswordPolicy policy(8);
    EXPECT_FALSE(policy.violation("12345678"));
    EXPECT_TRUE(policy.violation("1234567"));
    EXPECT_TRUE(policy.violation(""));
}

TEST(PasswordPolicy, CountsCharactersNotBytes) {
    const PasswordPolicy policy(5);
    EXPECT_FALSE(policy.violation("ééééé"));
    EXPECT_TRUE(policy.violation("éééé"));
    EXPECT_FALSE(policy.violation("密码密码密"));
    EXPECT_FALSE(policy.violation("🔑🔑🔑🔑🔑"));
}

TEST(PasswordPolicy, CapsTheLengthInBytes) {
    const PasswordPolicy policy(8);
    EXPECT_FALSE(policy.violation(std::string(PasswordPolicy::kMaxBytes, 'a')));
    EXPECT_TRUE(policy.violation(std::string(PasswordPolicy::kMaxBytes + 1, 'a')));
}

TEST(PasswordPolicy, RequiresValidUtf8) {
    const PasswordPolicy policy(1);
    for (const std::string bad : {"abc\xff", "abc\x80", "\xc0\xaf-overlong", "\xe0\x80\xaf-overlong",
                                  "\xed\xa0\x80-surrogate", "\xf4\x90\x80\x80-too-big", "truncated\xe2\x82",
                                  "\xc3-missing"}) {
        const auto message = policy.violation(bad);
        ASSERT_TRUE(message) << bad;
        EXPECT_NE(message->find("UTF-8"), std::string::npos);
    }
    EXPECT_FALSE(policy.violation("\xf4\x8f\xbf\xbf"));
    EXPECT_FALSE(policy.violation("\xef\xbf\xbd"));
}

TEST(PasswordPolicy, RefusesImpossibleMinimums) {
    EXPECT_THROW(PasswordPolicy(0), std::invalid_argument);
    EXPECT_THROW(PasswordPolicy(PasswordPolicy::kMaxBytes + 1), std::invalid_argument);
    EXPECT_EQ(PasswordPolicy(12).min_length(), 12u);
}

}  // namespace
}  // namespace switchboard::auth
