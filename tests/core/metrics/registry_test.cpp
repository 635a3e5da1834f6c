#include "switchboard/metrics/registry.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace switchboard::metrics {
namespace {

using ::testing::HasSubstr;

std::array<std::string_view, 1> label(std::string_view value) { return {value}; }

TEST(MetricsRegistry, CountersAndGaugesInTheTextFormat) {
    Registry registry;
    Family& requests = registry.add("sb_requests_total", "Requests\nby op", MetricType::counter, {"op"});
    Family& open = registry.add("sb_open", "Open things", MetricType::gauge);
    requests.add(label("message.send"), 2);
    requests.add(label("message.send"), 1);
    requests.add(label("a\"b\\c\nd"), 1);
    requests.add(label("x"), -1);  // a counter never goes down: ignored
    open.set({}, 5);
    open.add({}, -2);
    EXPECT_EQ(registry.render(),
              "# HELP sb_requests_total Requests\\nby op\n"
              "# TYPE sb_requests_total counter\n"
              "sb_requests_total{op=\"a\\\"b\\\\c\\nd\"} 1\n"
              "sb_requests_total{op=\"message.send\"} 3\n"
              "# HELP sb_open Open things\n"
              "# TYPE sb_open gauge\n"
              "sb_open 3\n");
}

TEST(MetricsRegistry, HistogramsHaveCumulativeBucketsSumAndCount) {
    Registry registry;
    Family& latency = registry.add("sb_seconds", "Latency", MetricType::histogram, {"op"}, {0.25, 1});
    latency.observe(label("x"), 0.125);
    latency.observe(label("x"), 0.25);  // upper bounds are inclusive
    latency.observe(label("x"), 0.5);
    latency.observe(label("x"), 7);
    std::string text = registry.render();
    EXPECT_THAT(text, HasSubstr("sb_seconds_bucket{op=\"x\",le=\"0.25\"} 2\n"));
    EXPECT_THAT(text, HasSubstr("sb_seconds_bucket{op=\"x\",le=\"1\"} 3\n"));
    EXPECT_THAT(text, HasSubstr("sb_seconds_bucket{op=\"x\",le=\"+Inf\"} 4\n"));
    EXPECT_THAT(text, HasSubstr("sb_seconds_sum{op=\"x\"} 7.875\n"));
    EXPECT_THAT(text, HasSubstr("sb_seconds_count{op=\"x\"} 4\n"));
}

TEST(MetricsRegistry, SampledGaugesAreReadWhenRendering) {
    Registry registry;
    double depth = 3;
    registry.add_sampled("sb_depth", "Queue depth", [&] { return depth; });
    depth = 9;
    EXPECT_THAT(registry.render(), HasSubstr("sb_depth 9\n"));
}

TEST(MetricsRegistry, RefusesBadFamilies) {
    Registry registry;
    registry.add("sb_x", "x", MetricType::counter);
    auto status_of = [&](auto fn) {
        try {
            fn();
        } catch (const RegistrationError& e) {
            return e.status();
        }
        return SB_OK;
    };
    EXPECT_EQ(status_of([&] { registry.add("sb_x", "again", MetricType::gauge); }), SB_ERR_CONFLICT);
    EXPECT_EQ(status_of([&] { registry.add("9lives", "x", MetricType::gauge); }), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(status_of([&] { registry.add("sb_y", "x", MetricType::gauge, {"__reserved"}); }), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(status_of([&] { registry.add("sb_y", "x", MetricType::gauge, {"a", "a"}); }), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(status_of([&] { registry.add("sb_y", "x", MetricType::histogram, {"le"}); }), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(status_of([&] { registry.add("sb_y", "x", MetricType::histogram, {}, {1, 1}); }), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(status_of([&] { registry.add("sb_y", "x", MetricType::counter, {}, {1}); }), SB_ERR_BAD_REQUEST);
    EXPECT_EQ(status_of([&] { registry.add("sb_y", "x", MetricType::histogram); }), SB_OK);  // default buckets
}

TEST(MetricsRegistry, UpdatesWithTheWrongLabelCountAreIgnored) {
    Registry registry;
    Family& f = registry.add("sb_f", "f", MetricType::counter, {"a"});
    f.add({}, 1);
    std::array<std::string_view, 2> two{"x", "y"};
    f.add(two, 1);
    EXPECT_EQ(registry.render(), "# HELP sb_f f\n# TYPE sb_f counter\n");
}

}  // namespace
}  // namespace switchboard::metrics
