#include "switchboard/protocol/envelope_writer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace switchboard::protocol {
namespace {

using nlohmann::json;

TEST(EnvelopeWriter, WritesAnOkResponse) {
    const std::string text = EnvelopeWriter::ok(7, json{{"seq", 3}, {"body", "hi \"there\""}});
    EXPECT_EQ(json::parse(text), (json{{"id", 7}, {"ok", true}, {"data", {{"seq", 3}, {"body", "hi \"there\""}}}}));
}

TEST(EnvelopeWriter, AnOkResponseWithoutDataCarriesAnEmptyObject) {
    EXPECT_EQ(json::parse(EnvelopeWriter::ok("a", json())), (json{{"id", "a"}, {"ok", true}, {"data", json::object()}}));
}

TEST(EnvelopeWriter, WritesAnErrorResponse) {
    const std::string text = EnvelopeWriter::error(json(), ErrorCode::forbidden, "not a \"member\"\n");
    EXPECT_EQ(json::parse(text),
              (json{{"id", nullptr},
                    {"ok", false},
                    {"error", {{"code", "forbidden"}, {"message", "not a \"member\"\n"}}}}));
}

TEST(EnvelopeWriter, WritesAnEvent) {
    const std::string text = EnvelopeWriter::event("message.new", json{{"seq", 1}});
    EXPECT_EQ(json::parse(text), (json{{"event", "message.new"}, {"data", {{"seq", 1}}}}));
}

TEST(EnvelopeWriter, ReplacesInvalidUtf8InsteadOfFailing) {
    const std::string text = EnvelopeWriter::event("e", json{{"body", std::string("a\xFF")}});
    EXPECT_EQ(json::parse(text)["data"]["body"], "a\xEF\xBF\xBD");
    EXPECT_EQ(json::parse(EnvelopeWriter::error(1, ErrorCode::bad_request, std::string("b\xC3")))["error"]["message"],
              "b\xEF\xBF\xBD");
}

}  // namespace
}  // namespace switchboard::protocol
