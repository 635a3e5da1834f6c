#include "switchboard/protocol/request_decoder.hpp"

#include <gtest/gtest.h>

using switchboard::protocol::DecodeError;
using switchboard::protocol::ErrorCode;
using switchboard::protocol::Request;
using switchboard::protocol::RequestDecoder;

namespace {

DecodeError error_of(std::string_view bytes, size_t max = 1024) {
    auto result = RequestDecoder(max).decode(bytes);
    EXPECT_TRUE(std::holds_alternative<DecodeError>(result)) << bytes;
    return std::holds_alternative<DecodeError>(result) ? std::get<DecodeError>(result) : DecodeError{};
}

}  // namespace

TEST(RequestDecoder, DecodesAWellFormedRequest) {
    auto result = RequestDecoder(1024).decode(R"({"id":7,"op":"message.send","data":{"body":"hi"}})");
    ASSERT_TRUE(std::holds_alternative<Request>(result));
    const auto& r = std::get<Request>(result);
    EXPECT_EQ(r.id, 7);
    EXPECT_EQ(r.op, "message.send");
    EXPECT_EQ(r.data["body"], "hi");
}

TEST(RequestDecoder, StringIdsAndMissingDataAreFine) {
    auto result = RequestDecoder(1024).decode(R"({"id":"a-1","op":"conversation.list"})");
    ASSERT_TRUE(std::holds_alternative<Request>(result));
    EXPECT_EQ(std::get<Request>(result).id, "a-1");
    EXPECT_TRUE(std::get<Request>(result).data.is_object());
}

TEST(RequestDecoder, RefusesTooLargeBeforeParsing) {
    auto e = error_of(std::string(2000, ' '), 1000);
    EXPECT_EQ(e.code, ErrorCode::too_large);
    EXPECT_NE(e.message.find("2000"), std::string::npos);
}

TEST(RequestDecoder, RefusesInvalidUtf8WithItsOffset) {
    auto e = error_of("{\"id\":1,\"op\":\"x\",\"data\":{\"b\":\"\xC3\x28\"}}");
    EXPECT_EQ(e.code, ErrorCode::bad_request);
    EXPECT_NE(e.message.find("UTF-8"), std::string::npos);
    EXPECT_NE(e.message.find("offset 30"), std::string::npos) << e.message;
}

TEST(RequestDecoder, RefusesMalformedJson) {
    auto e = error_of(R"({"id":1,"op":)");
    EXPECT_EQ(e.code, ErrorCode::bad_request);
    EXPECT_NE(e.message.find("malformed JSON"), std::string::npos);
}

TEST(RequestDecoder, RefusesNumbersOutOfRange) {
    // Found by the fuzzer: nlohmann throws out_of_range, not parse_error, for these.
    for (const char* text : {R"({"id":1,"op":"x","data":{"n":1e999}})", "3333666e6666666[[[[[", R"({"id":-1e400})"}) {
        auto e = error_of(text);
        EXPECT_EQ(e.code, ErrorCode::bad_request) << text;
        EXPECT_NE(e.message.find("out of range"), std::string::npos) << e.message;
    }
}

TEST(RequestDecoder, RefusesDeepNestingBeforeParsing) {
    auto nested = [](size_t depth) {
        return R"({"id":1,"op":"x","data":{"extra":)" + std::string(depth, '[') + std::string(depth, ']') + "}}";
    };
    // The envelope and data objects take two levels.
    EXPECT_TRUE(std::holds_alternative<Request>(RequestDecoder(1 << 20).decode(nested(30))));
    auto e = std::get<DecodeError>(RequestDecoder(1 << 20).decode(nested(31)));
    EXPECT_EQ(e.code, ErrorCode::bad_request);
    EXPECT_NE(e.message.find("deeper than 32 levels"), std::string::npos) << e.message;
    // Deep enough to overflow the stack when dumped, had it been parsed.
    EXPECT_EQ(std::get<DecodeError>(RequestDecoder(1 << 20).decode(nested(200000))).code, ErrorCode::bad_request);
    // Brackets inside strings are text.
    std::string in_string = R"({"id":1,"op":"x","data":{"body":")" + std::string(100, '[') + R"(\"{"}})";
    EXPECT_TRUE(std::holds_alternative<Request>(RequestDecoder(1 << 20).decode(in_string)));
}

TEST(RequestDecoder, RefusesBadShapes) {
    EXPECT_NE(error_of("[]").message.find("object"), std::string::npos);
    EXPECT_NE(error_of(R"({"op":"x"})").message.find("'id'"), std::string::npos);
    EXPECT_NE(error_of(R"({"id":1.5,"op":"x"})").message.find("'id'"), std::string::npos);
    EXPECT_NE(error_of(R"({"id":true,"op":"x"})").message.find("'id'"), std::string::npos);
    EXPECT_NE(error_of(R"({"id":1})").message.find("'op'"), std::string::npos);
    EXPECT_NE(error_of(R"({"id":1,"op":""})").message.find("'op'"), std::string::npos);
    EXPECT_NE(error_of(R"({"id":1,"op":"x","data":[1]})").message.find("'data'"), std::string::npos);
    auto extra = error_of(R"({"id":1,"op":"x","extra":1})");
    EXPECT_NE(extra.message.find("'extra'"), std::string::npos);
    EXPECT_EQ(extra.id, 1) << "the id is echoed once it could be read";
}
