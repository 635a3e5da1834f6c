#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "bench_body.hpp"
#include "envelope_scan.hpp"

namespace switchboard::bench {
namespace {

// Frames serialised the way the server's envelope writer does it.
std::string response(const nlohmann::json& id, bool ok, const nlohmann::json& data) {
    if (ok) return nlohmann::json{{"id", id}, {"ok", true}, {"data", data}}.dump();
    return nlohmann::json{{"id", id}, {"ok", false}, {"error", data}}.dump();
}

TEST(EnvelopeScan, FindsTheIdOfResponses) {
    auto ok = EnvelopeScan::of(response(7, true, {{"message_id", "m_1"}, {"seq", 3}, {"sent_at", 1}}));
    EXPECT_EQ(ok.kind, EnvelopeScan::Kind::response);
    EXPECT_EQ(ok.id, 7u);
    EXPECT_TRUE(ok.ok);

    auto failed = EnvelopeScan::of(response(12345678901, false, {{"code", "rate_limited"}, {"message", "\"id\":9,"}}));
    EXPECT_EQ(failed.kind, EnvelopeScan::Kind::response);
    EXPECT_EQ(failed.id, 12345678901u);
    EXPECT_FALSE(failed.ok);
}

TEST(EnvelopeScan, FindsTheNameOfEvents) {
    nlohmann::json data{{"conversation_id", "c_1"}, {"body", BenchBody::make(123456789, 4, 40)}, {"seq", 9}};
    std::string frame = nlohmann::json{{"event", "message.new"}, {"data", data}}.dump();
    auto scan = EnvelopeScan::of(frame);
    EXPECT_EQ(scan.kind, EnvelopeScan::Kind::event);
    EXPECT_EQ(scan.event, "message.new");
    EXPECT_EQ(BenchBody::send_time(frame), 123456789);
}

TEST(EnvelopeScan, LeavesOtherShapesToTheFullParser) {
    EXPECT_EQ(EnvelopeScan::of(R"({"ok":true,"id":1})").kind, EnvelopeScan::Kind::unknown);
    EXPECT_EQ(EnvelopeScan::of(R"({"event":"x","data":{}})").kind, EnvelopeScan::Kind::unknown);
    EXPECT_EQ(EnvelopeScan::of(R"({"id":"text","ok":true})").kind, EnvelopeScan::Kind::unknown);
    EXPECT_EQ(EnvelopeScan::of("").kind, EnvelopeScan::Kind::unknown);
}

TEST(BenchBody, PadsToTheSizeAndKeepsTheSendTime) {
    std::string body = BenchBody::make(42, 7, 64);
    EXPECT_EQ(body.size(), 64u);
    EXPECT_EQ(body.rfind("sbb:42:7:", 0), 0u);
    EXPECT_EQ(BenchBody::send_time(body), 42);
    EXPECT_EQ(BenchBody::send_time("no marker"), std::nullopt);
    EXPECT_EQ(BenchBody::send_time("sbb:12"), std::nullopt);
}

}  // namespace
}  // namespace switchboard::bench
