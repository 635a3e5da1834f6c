#include "switchboard/auth/base64_url.hpp"

#include <gtest/gtest.h>

#include <string>

namespace switchboard::auth {
namespace {

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
    EXPECT_EQ(Base64Url::encode(""), "");
    EXPECT_EQ(Base64Url::encode("f"), "Zg");
    EXPECT_EQ(Base64Url::encode("fo"), "Zm8");
    EXPECT_EQ(Base64Url::encode("foo"), "Zm9v");
    EXPECT_EQ(Base64Url::encode("foob"), "Zm9vYg");
    EXPECT_EQ(Base64Url::encode("fooba"), "Zm9vYmE");
    EXPECT_EQ(Base64Url::encode("foobar"), "Zm9vYmFy");
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
    EXPECT_EQ(Base64Url::encode(std::string("\xfb\xff\xbf", 3)), "-_-_");
    EXPECT_EQ(Base64Url::decode("-_-_"), std::string("\xfb\xff\xbf", 3));
}

TEST(Base64Url, RoundTripsEveryByteAtEveryLength) {
    for (std::size_t length = 0; length <= 64; ++length) {
        std::string bytes;
        for (std::size_t i = 0; i < length; ++i) {
            bytes.push_back(static_cast<char>((i * 37 + length * 11) & 0xff));
        }
        EXPECT_EQ(Base64Url::decode(Base64Url::encode(bytes)), bytes) << "length " << length;
    }
    std::string all;
    for (int value = 0; value < 256; ++value) {
        all.push_back(static_cast<char>(value));
    }
    EXPECT_EQ(Base64Url::decode(Base64Url::encode(all)), all);
}

TEST(Base64Url, RejectsPadding) {
    EXPECT_FALSE(Base64Url::decode("Zg=="));
    EXPECT_FALSE(Base64Url::decode("Zm8="));
}

TEST(Base64Url, RejectsCharactersOutsideTheAlphabet) {
    EXPECT_FALSE(Base64Url::decode("Zm9v+w"));
    EXPECT_FALSE(Base64Url::decode("Zm9v/w"));
    EXPECT_FALSE(Base64Url::decode(" Zg"));
    EXPECT_FALSE(Base64Url::decode("Zg\n"));
    EXPECT_FALSE(Base64Url::decode("Zm.9"));
    EXPECT_FALSE(Base64Url::decode(std::string("Zm\0v", 4)));
}

TEST(Base64Url, RejectsImpossibleLengths) {
    EXPECT_FALSE(Base64Url::decode("Z"));
    EXPECT_FALSE(Base64Url::decode("Zm9vY"));
}

TEST(Base64Url, RejectsNonZeroLeftoverBits) {
    // "Zg" is the only encoding of "f"; "Zh" differs only in bits that carry no byte.
    EXPECT_TRUE(Base64Url::decode("Zg"));
    EXPECT_FALSE(Base64Url::decode("Zh"));
    EXPECT_FALSE(Base64Url::decode("Zm9"));
}

}  // namespace
}  // namespace switchboard::auth
