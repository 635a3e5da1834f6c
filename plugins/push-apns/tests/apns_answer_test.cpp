#include "apns_answer.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::push_apns {
namespace {

sdk::push::HttpResponse answer(int32_t status, const std::string& reason = "") {
    sdk::push::HttpResponse r;
    r.status = status;
    if (!reason.empty()) r.body = R"({"reason":")" + reason + R"("})";
    return r;
}

TEST(ApnsAnswer, MapsTheReasons) {
    EXPECT_EQ(ApnsAnswer::outcome(answer(200)).outcome, SB_PUSH_DELIVERED);
    auto gone = ApnsAnswer::outcome(answer(410, "Unregistered"));
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.reason, "Unregistered");
    EXPECT_EQ(ApnsAnswer::outcome(answer(400, "BadDeviceToken")).outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(ApnsAnswer::outcome(answer(429, "TooManyRequests")).outcome, SB_PUSH_RETRY);
    EXPECT_EQ(ApnsAnswer::outcome(answer(503, "ServiceUnavailable")).outcome, SB_PUSH_RETRY);
    EXPECT_EQ(ApnsAnswer::outcome(answer(403, "ExpiredProviderToken")).outcome, SB_PUSH_RETRY);
    EXPECT_EQ(ApnsAnswer::outcome(answer(403, "InvalidProviderToken")).outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(ApnsAnswer::outcome(answer(400, "BadCollapseId")).outcome, SB_PUSH_REJECTED);
}

}  // namespace
}  // namespace switchboard::plugins::push_apns
