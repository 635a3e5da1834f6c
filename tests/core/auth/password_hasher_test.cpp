#include "switchboard/auth/password_hasher.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace switchboard::auth {
namespace {

// libsodium's minimum limits keep these tests fast; the defaults are covered once.
PasswordHasher fast_hasher(unsigned long long opslimit = crypto_pwhash_OPSLIMIT_MIN) {
    return PasswordHasher(opslimit, crypto_pwhash_MEMLIMIT_MIN);
}

TEST(PasswordHasher, HashesWithArgon2idAndVerifies) {
    const PasswordHasher hasher = fast_hasher();
    const std::string hash = hasher.hash("correct horse battery staple");
    EXPECT_TRUE(hash.starts_with("$argon2id$v=19$"));
    EXPECT_TRUE(hasher.verify(hash, "correct horse battery staple"));
}

TEST(PasswordHasher, RefusesAWrongPassword) {
    const PasswordHasher hasher = fast_hasher();
    const std::string hash = hasher.hash("correct horse battery staple");
    EXPECT_FALSE(hasher.verify(hash, "correct horse battery stapl"));
    EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(PasswordHasher, SaltsEveryHash) {
    const PasswordHasher hasher = fast_hasher();
    EXPECT_NE(hasher.hash("same"), hasher.hash("same"));
}

TEST(PasswordHasher, HandlesPasswordsWithNulBytesAndNonAscii) {
    const PasswordHasher hasher = fast_hasher();
    const std::string with_nul("pass\0word", 9);
    const std::string hash = hasher.hash(with_nul);
    EXPECT_TRUE(hasher.verify(hash, with_nul));
    EXPECT_FALSE(hasher.verify(hash, "pass"));
    EXPECT_TRUE(hasher.verify(hasher.hash("пароль-密码"), "пароль-密码"));
}

TEST(PasswordHasher, RefusesUnparsableStoredHashes) {
    const PasswordHasher hasher = fast_hasher();
    EXPECT_FALSE(hasher.verify("", "x"));
    EXPECT_FALSE(hasher.verify("$argon2id$garbage", "x"));
    EXPECT_FALSE(hasher.verify(std::string(500, 'a'), "x"));
    const std::string hash = hasher.hash("x");
    EXPECT_FALSE(hasher.verify(hash.substr(0, 10) + std::string(1, '\0') + hash.substr(10), "x"));
}

TEST(PasswordHasher, VerifyMissingUserAlwaysFails) {
    const PasswordHasher hasher = fast_hasher();
    EXPECT_FALSE(hasher.verify_missing_user("switchboard: no such user"));
    EXPECT_FALSE(hasher.verify_missing_user("anything"));
}

TEST(PasswordHasher, NeedsRehashWhenLimitsOrAlgorithmDiffer) {
    const PasswordHasher current = fast_hasher(crypto_pwhash_OPSLIMIT_MIN);
    const PasswordHasher stronger = fast_hasher(crypto_pwhash_OPSLIMIT_MIN + 1);
    const std::string hash = current.hash("pw");
    EXPECT_FALSE(current.needs_rehash(hash));
    EXPECT_TRUE(stronger.needs_rehash(hash));
    EXPECT_FALSE(stronger.needs_rehash(stronger.hash("pw")));
    EXPECT_TRUE(current.needs_rehash("not a hash"));
    EXPECT_TRUE(current.needs_rehash(""));

    char argon2i[crypto_pwhash_STRBYTES];
    ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "pw", 2, crypto_pwhash_argon2i_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
                                    crypto_pwhash_ALG_ARGON2I13),
              0);
    EXPECT_TRUE(current.verify(argon2i, "pw"));
    EXPECT_TRUE(current.needs_rehash(argon2i));
}

TEST(PasswordHasher, RefusesLimitsOutsideLibsodiumsRange) {
    EXPECT_THROW(PasswordHasher(0, crypto_pwhash_MEMLIMIT_MIN), std::invalid_argument);
    EXPECT_THROW(PasswordHasher(crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN - 1), std::invalid_argument);
}

TEST(PasswordHasher, DefaultsToInteractiveLimits) {
    const auto start = std::chrono::steady_clock::now();
    const PasswordHasher hasher;
    const std::string hash = hasher.hash("pw");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_NE(hash.find("m=65536,t=2,p=1"), std::string::npos) << hash;
    EXPECT_TRUE(hasher.verify(hash, "pw"));
    RecordProperty("construct_and_hash_ms",
                   static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

}  // namespace
}  // namespace switchboard::auth
