#include "switchboard/protocol/json_writer.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace switchboard::protocol {
namespace {

using nlohmann::json;

TEST(JsonWriterTest, WritesNestedContainersWithTheirCommas) {
    JsonWriter w;
    w.begin_object()
        .key("a").value(int64_t{-1})
        .key("b").begin_array().value(uint64_t{2}).begin_object().end_object().begin_array().end_array().end_array()
        .key("c").value(true)
        .key("d").begin_object().key("e").value("f").end_object()
        .end_object();
    EXPECT_EQ(w.text(), R"({"a":-1,"b":[2,{},[]],"c":true,"d":{"e":"f"}})");
    EXPECT_TRUE(json::parse(w.text()).is_object());
}

TEST(JsonWriterTest, EscapesWhatJsonRequiresAndKeepsUtf8) {
    std::string tricky = "quote\" backslash\\ nl\n cr\r tab\t bs\b ff\f nul";
    tricky += '\0';
    tricky += "\x1f é 😀 </script>";
    JsonWriter w;
    w.begin_object().key("k\"ey").value(tricky).end_object();
    json parsed = json::parse(w.text());
    EXPECT_EQ(parsed["k\"ey"], tricky);
    EXPECT_NE(w.text().find("\\u0000"), std::string::npos);
    EXPECT_NE(w.text().find("\\u001f"), std::string::npos);
    EXPECT_NE(w.text().find("é 😀"), std::string::npos);
}

TEST(JsonWriterTest, ReplacesInvalidUtf8LikeTheEnvelopeWriter) {
    JsonWriter w;
    w.value(std::string_view("ok\xff\xfe" "end"));
    json parsed = json::parse(w.text());
    EXPECT_EQ(parsed.get<std::string>(), "ok\xEF\xBF\xBD\xEF\xBF\xBD" "end");
}

TEST(JsonWriterTest, WritesTheFullRangeOfIntegers) {
    JsonWriter w;
    w.begin_array()
        .value(std::numeric_limits<int64_t>::min())
        .value(std::numeric_limits<uint64_t>::max())
        .value(int64_t{0})
        .end_array();
    json parsed = json::parse(w.text());
    EXPECT_EQ(parsed[0].get<int64_t>(), std::numeric_limits<int64_t>::min());
    EXPECT_EQ(parsed[1].get<uint64_t>(), std::numeric_limits<uint64_t>::max());
    EXPECT_EQ(parsed[2].get<int64_t>(), 0);
}

TEST(JsonWriterTest, EmbedsTreesAndRawText) {
    JsonWriter w;
    w.begin_object().key("tree").value(json{{"x", {1, 2}}}).key("raw").raw(R"({"y":null})").end_object();
    EXPECT_EQ(w.text(), R"({"tree":{"x":[1,2]},"raw":{"y":null}})");
}

}  // namespace
}  // namespace switchboard::protocol
