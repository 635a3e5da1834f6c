#include "switchboard/protocol/fields.hpp"

#include <gtest/gtest.h>

#include "switchboard/protocol/protocol_error.hpp"

using nlohmann::json;
using switchboard::protocol::ErrorCode;
using switchboard::protocol::Fields;
using switchboard::protocol::ProtocolError;

namespace {

template <class Fn>
std::string failure(Fn fn, ErrorCode expected = ErrorCode::bad_request) {
    try {
        fn();
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), expected);
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return {};
}

}  // namespace

TEST(Fields, ReadsTypedValues) {
    json data{{"s", "x"}, {"n", 5}, {"b", true}, {"l", {"a", "b", "a"}}, {"t", ""}};
    Fields f(data);
    EXPECT_EQ(f.string("s"), "x");
    EXPECT_EQ(f.uint("n"), 5u);
    EXPECT_TRUE(f.boolean("b"));
    EXPECT_EQ(f.string_list("l", 10), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(f.text("t", 10), "");
    EXPECT_FALSE(f.optional_string("missing").has_value());
}

TEST(Fields, NamesTheFieldAndWhatWasExpected) {
    json data{{"s", 1}, {"n", "1"}, {"neg", -1}, {"f", 1.5}, {"l", {1}}, {"e", ""}, {"long", std::string(300, 'x')}};
    Fields f(data);
    EXPECT_EQ(failure([&] { f.string("s"); }), "data.s: expected a string");
    EXPECT_EQ(failure([&] { f.uint("n"); }), "data.n: expected a non-negative integer");
    EXPECT_EQ(failure([&] { f.uint("neg"); }), "data.neg: expected a non-negative integer");
    EXPECT_EQ(failure([&] { f.uint("f"); }), "data.f: expected a non-negative integer");
    EXPECT_EQ(failure([&] { f.string_list("l", 5); }), "data.l: expected an array of non-empty strings");
    EXPECT_EQ(failure([&] { f.string("e"); }), "data.e: must not be empty");
    EXPECT_EQ(failure([&] { f.string("absent"); }), "data.absent: is required");
    EXPECT_EQ(failure([&] { f.string("long"); }), "data.long: longer than 256 bytes");
    EXPECT_EQ(failure([&] { f.text("long", 10); }, ErrorCode::too_large), "data.long: longer than 10 bytes");
}

TEST(Fields, AllowOnlyRefusesUnknownKeys) {
    json data{{"a", 1}, {"zz", 2}};
    Fields f(data);
    EXPECT_EQ(failure([&] { f.allow_only({"a"}); }), "data.zz: unknown field");
    f.allow_only({"a", "zz"});
}
