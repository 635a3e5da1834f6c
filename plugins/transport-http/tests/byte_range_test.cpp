#include "byte_range.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::transport_http {
namespace {

using Kind = ByteRange::Kind;

TEST(ByteRange, NoHeaderOrAnotherUnitIsTheWholeResource) {
    EXPECT_EQ(ByteRange::parse(std::nullopt, 100).kind(), Kind::whole);
    EXPECT_EQ(ByteRange::parse("items=0-5", 100).kind(), Kind::whole);
    EXPECT_EQ(ByteRange::parse("bytes=0-1,5-6", 100).kind(), Kind::whole);
}

TEST(ByteRange, Ranges) {
    auto r = ByteRange::parse("bytes=10-19", 100);
    ASSERT_EQ(r.kind(), Kind::partial);
    EXPECT_EQ(r.first(), 10u);
    EXPECT_EQ(r.last(), 19u);
    EXPECT_EQ(r.length(), 10u);
    r = ByteRange::parse("bytes=90-", 100);
    EXPECT_EQ(r.first(), 90u);
    EXPECT_EQ(r.last(), 99u);
    r = ByteRange::parse("bytes=-5", 100);
    EXPECT_EQ(r.first(), 95u);
    EXPECT_EQ(r.last(), 99u);
    r = ByteRange::parse("bytes=-500", 100);
    EXPECT_EQ(r.first(), 0u);
    r = ByteRange::parse("bytes=50-5000", 100);
    EXPECT_EQ(r.last(), 99u);
}

TEST(ByteRange, UnsatisfiableOrInvalid) {
    EXPECT_EQ(ByteRange::parse("bytes=100-", 100).kind(), Kind::unsatisfiable);
    EXPECT_EQ(ByteRange::parse("bytes=20-10", 100).kind(), Kind::unsatisfiable);
    EXPECT_EQ(ByteRange::parse("bytes=abc", 100).kind(), Kind::unsatisfiable);
    EXPECT_EQ(ByteRange::parse("bytes=-0", 100).kind(), Kind::unsatisfiable);
    EXPECT_EQ(ByteRange::parse("bytes=x-5", 100).kind(), Kind::unsatisfiable);
    EXPECT_EQ(ByteRange::parse("bytes=0-", 0).kind(), Kind::unsatisfiable);
}

}  // namespace
}  // namespace switchboard::plugins::transport_http
