#include "switchboard/util/utf8.hpp"

#include <gtest/gtest.h>

using switchboard::util::first_invalid_utf8;

TEST(Utf8, AcceptsWellFormedText) {
    EXPECT_EQ(first_invalid_utf8("plain ascii"), std::string_view::npos);
    EXPECT_EQ(first_invalid_utf8("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x91\x8D"), std::string_view::npos);
    EXPECT_EQ(first_invalid_utf8(""), std::string_view::npos);
}

TEST(Utf8, FindsTheFirstBadByte) {
    EXPECT_EQ(first_invalid_utf8("ab\xFF"), 2u);
    EXPECT_EQ(first_invalid_utf8("\xC0\xAF"), 0u) << "overlong";
    EXPECT_EQ(first_invalid_utf8("\xE0\x80\xAF"), 0u) << "overlong 3-byte";
    EXPECT_EQ(first_invalid_utf8("x\xED\xA0\x80"), 1u) << "surrogate";
    EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u) << "above U+10FFFF";
    EXPECT_EQ(first_invalid_utf8("ok\xE2\x82"), 2u) << "truncated";
    EXPECT_EQ(first_invalid_utf8("\x80"), 0u) << "lone continuation";
}
