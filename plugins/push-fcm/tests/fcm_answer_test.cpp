#include "fcm_answer.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::push_fcm {
namespace {

sdk::push::HttpResponse answer(int32_t status, std::string error_code = "", std::string google_status = "") {
    sdk::push::HttpResponse r;
    r.status = status;
    if (!google_status.empty())
        r.body = R"({"error":{"code":)" + std::to_string(status) + R"(,"status":")" + google_status +
                 R"(","details":[{"@type":"type.googleapis.com/google.firebase.fcm.v1.FcmError","errorCode":")" +
                 error_code + R"("}]}})";
    return r;
}

TEST(FcmAnswer, MapsTheErrorCodes) {
    EXPECT_EQ(FcmAnswer::outcome(answer(200)).outcome, SB_PUSH_DELIVERED);
    auto gone = FcmAnswer::outcome(answer(404, "UNREGISTERED", "NOT_FOUND"));
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.reason, "UNREGISTERED");
    EXPECT_EQ(FcmAnswer::outcome(answer(400, "UNREGISTERED", "INVALID_ARGUMENT")).outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(FcmAnswer::outcome(answer(404)).outcome, SB_PUSH_DEAD_TOKEN);
    auto quota = answer(429, "QUOTA_EXCEEDED", "RESOURCE_EXHAUSTED");
    quota.headers.emplace_back("retry-after", "12");
    auto limited = FcmAnswer::outcome(quota);
    EXPECT_EQ(limited.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(limited.retry_after_ms, 12000);
    EXPECT_EQ(limited.reason, "QUOTA_EXCEEDED");
    EXPECT_EQ(FcmAnswer::outcome(answer(503, "UNAVAILABLE", "UNAVAILABLE")).outcome, SB_PUSH_RETRY);
    EXPECT_EQ(FcmAnswer::outcome(answer(401, "THIRD_PARTY_AUTH_ERROR", "UNAUTHENTICATED")).outcome, SB_PUSH_RETRY);
    auto invalid = FcmAnswer::outcome(answer(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT"));
    EXPECT_EQ(invalid.outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(invalid.reason, "INVALID_ARGUMENT");
    EXPECT_EQ(FcmAnswer::outcome(answer(403, "SENDER_ID_MISMATCH", "PERMISSION_DENIED")).outcome, SB_PUSH_REJECTED);
}

}  // namespace
}  // namespace switchboard::plugins::push_fcm
