#include "switchboard/config/suggestion.hpp"

#include <gtest/gtest.h>

#include "switchboard/config/units_format.hpp"
#include "switchboard/sdk/units.hpp"

namespace switchboard::config {
namespace {

TEST(Suggestion, EditDistanceCountsSwapsAsOne) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("port", "port"), 0u);
    EXPECT_EQ(edit_distance("prot", "port"), 1u);
    EXPECT_EQ(edit_distance("plugin", "plugins"), 1u);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
}

TEST(Suggestion, SuggestsOnlyCloseCandidates) {
    std::vector<std::string> keys = {"server", "auth", "chat", "limits", "plugins"};
    EXPECT_EQ(closest_match("plugin", keys), "plugins");
    EXPECT_EQ(closest_match("servr", keys), "server");
    EXPECT_EQ(closest_match("auht", keys), "auth");
    EXPECT_EQ(closest_match("database", keys), std::nullopt);
    EXPECT_EQ(closest_match("x", keys), std::nullopt);
    EXPECT_EQ(did_you_mean("limit", keys), "; did you mean 'limits'?");
    EXPECT_EQ(did_you_mean("storage", keys), "");
}

TEST(UnitsFormat, DurationsAndSizesParseBack) {
    EXPECT_EQ(format_duration_ms(0), "0s");
    EXPECT_EQ(format_duration_ms(250), "250ms");
    EXPECT_EQ(format_duration_ms(90'000), "90s");
    EXPECT_EQ(format_duration_ms(900'000), "15m");
    EXPECT_EQ(format_duration_ms(172'800'000), "2d");
    EXPECT_EQ(format_size_bytes(100), "100B");
    EXPECT_EQ(format_size_bytes(65536), "64KiB");
    EXPECT_EQ(format_size_bytes(16 * 1024 * 1024), "16MiB");
    EXPECT_EQ(format_size_bytes(1536), "1536B");
    for (int64_t ms : {int64_t{0}, int64_t{1}, int64_t{1500}, int64_t{3'600'000}})
        EXPECT_EQ(sdk::parse_duration_ms(format_duration_ms(ms)), ms);
    for (int64_t bytes : {int64_t{0}, int64_t{7}, int64_t{2048}, int64_t{1} << 30})
        EXPECT_EQ(sdk::parse_size_bytes(format_size_bytes(bytes)), bytes);
}

}  // namespace
}  // namespace switchboard::config
