#include "switchboard/config/section.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "switchboard/sdk/plugin.hpp"
#include "test_support.hpp"

namespace switchboard::config {
namespace {

using sdk::option;
using testing::section_of;

const sb_option kOptions[] = {
    option("name", SB_OPT_STRING, "switchboard", false, ""),
    option("secret", SB_OPT_STRING, nullptr, false, ""),
    option("port", SB_OPT_INT, "8081", false, ""),
    option("timeout", SB_OPT_DURATION, "2s", false, ""),
    option("max_frame", SB_OPT_SIZE, "1KiB", false, ""),
    option("ratio", SB_OPT_DOUBLE, nullptr, false, ""),
    option("enabled", SB_OPT_BOOL, "on", false, ""),
    option("origins", SB_OPT_STRING_LIST, nullptr, false, ""),
    option("hosts", SB_OPT_STRING_LIST, "[a, bb]", false, ""),
    option("tls.cert_file", SB_OPT_STRING, nullptr, false, ""),
};

Section demo(const std::string& yaml = "") {
    return section_of(Schema(kOptions), yaml);
}

std::string_view view(sb_str s) {
    return std::string_view(s.ptr, s.len);
}

TEST(Section, StringGetterFollowsTheHostTableContract) {
    Section section = demo("tls:\n  cert_file: /c.pem\n");
    sb_str out{};
    ASSERT_EQ(section.get_string("name", &out), SB_OK);
    EXPECT_EQ(view(out), "switchboard");
    ASSERT_EQ(section.get_string("tls.cert_file", &out), SB_OK);
    EXPECT_EQ(view(out), "/c.pem");
    EXPECT_EQ(section.get_string("secret", &out), SB_ERR_NOT_FOUND);
    EXPECT_EQ(section.get_string("port", &out), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(section.get_string("nope", &out), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(section.get_string("tls", &out), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(section.get_string(nullptr, &out), SB_ERR_BAD_REQUEST);
}

TEST(Section, IntGetterReadsIntDurationAndSize) {
    Section section = demo("port: 9000\n");
    int64_t out = 0;
    ASSERT_EQ(section.get_int("port", &out), SB_OK);
    EXPECT_EQ(out, 9000);
    ASSERT_EQ(section.get_int("timeout", &out), SB_OK);
    EXPECT_EQ(out, 2000);
    ASSERT_EQ(section.get_int("max_frame", &out), SB_OK);
    EXPECT_EQ(out, 1024);
    EXPECT_EQ(section.get_int("name", &out), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(section.get_int("ratio", &out), SB_ERR_BAD_REQUEST);
}

TEST(Section, DoubleAndBoolGetters) {
    Section section = demo("ratio: 0.25\n");
    double ratio = 0;
    ASSERT_EQ(section.get_double("ratio", &ratio), SB_OK);
    EXPECT_EQ(ratio, 0.25);
    EXPECT_EQ(demo().get_double("ratio", &ratio), SB_ERR_NOT_FOUND);
    EXPECT_EQ(section.get_double("port", &ratio), SB_ERR_BAD_REQUEST);
    int32_t enabled = 0;
    ASSERT_EQ(section.get_bool("enabled", &enabled), SB_OK);
    EXPECT_EQ(enabled, 1);
    EXPECT_EQ(section.get_bool("name", &enabled), SB_ERR_BAD_REQUEST);
}

TEST(Section, ListGetters) {
    Section section = demo("origins: [x, yy, zzz]\n");
    size_t count = 0;
    ASSERT_EQ(section.get_list_size("origins", &count), SB_OK);
    EXPECT_EQ(count, 3u);
    sb_str item{};
    ASSERT_EQ(section.get_list_item("origins", 2, &item), SB_OK);
    EXPECT_EQ(view(item), "zzz");
    EXPECT_EQ(section.get_list_item("origins", 3, &item), SB_ERR_NOT_FOUND);
    ASSERT_EQ(section.get_list_size("hosts", &count), SB_OK);
    EXPECT_EQ(count, 2u);
    EXPECT_EQ(demo().get_list_size("origins", &count), SB_ERR_NOT_FOUND);
    EXPECT_EQ(section.get_list_size("name", &count), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(section.get_list_item("name", 0, &item), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(section_of(Schema(kOptions), "origins: []\n").get_list_size("origins", &count), SB_OK);
    EXPECT_EQ(count, 0u);
}

TEST(Section, StringsStayValidWhileAnyCopyLives) {
    sb_str out{};
    {
        Section original = demo("secret: s3cr3t\n");
        Section copy = original;
        Section moved = std::move(original);
        ASSERT_EQ(copy.get_string("secret", &out), SB_OK);
        Section survivor = copy;
        copy = Section();
        moved = Section();
        EXPECT_EQ(view(out), "s3cr3t");
        sb_str again{};
        ASSERT_EQ(survivor.get_string("secret", &again), SB_OK);
        EXPECT_EQ(again.ptr, out.ptr);
    }
}

TEST(Section, CppGettersThrowLogicErrorOnMisuse) {
    Section section = demo();
    EXPECT_EQ(section.string("secret"), std::nullopt);
    EXPECT_TRUE(section.has("name"));
    EXPECT_FALSE(section.has("secret"));
    EXPECT_FALSE(section.has("nope"));
    EXPECT_THROW(section.string("port"), std::logic_error);
    EXPECT_THROW(section.integer("nope"), std::logic_error);
    EXPECT_THROW(section.duration("port"), std::logic_error);
    EXPECT_THROW(section.list("name"), std::logic_error);
}

TEST(Section, ProblemPointsWhereTheValueWasSet) {
    Section section = demo("\ntls:\n  cert_file: /missing.pem\n");
    EXPECT_EQ(section.problem("tls.cert_file", "cannot read the file"),
              (Problem{"test.yaml", 3, 14, "demo.tls.cert_file", "cannot read the file"}));
    EXPECT_EQ(section.problem("port", "port taken"), (Problem{"test.yaml", 1, 1, "demo.port", "port taken"}));
    EXPECT_THROW(section.problem("nope", "x"), std::logic_error);
}

TEST(Section, ConcurrentReadsAgree) {
    Section section = demo("origins: [a, b, c]\nport: 1234\n");
    std::vector<std::thread> readers;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&] {
            for (int i = 0; i < 2000; ++i) {
                int64_t port = 0;
                sb_str item{};
                if (section.get_int("port", &port) != SB_OK || port != 1234) ++mismatches;
                if (section.get_list_item("origins", i % 3, &item) != SB_OK || item.len != 1) ++mismatches;
            }
        });
    }
    for (std::thread& reader : readers) reader.join();
    EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace
}  // namespace switchboard::config
