#include "webhook_answer.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::push_webhook {
namespace {

sdk::push::HttpResponse answer(int32_t status, std::string body = "", std::string retry_after = "") {
    sdk::push::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    if (!retry_after.empty()) r.headers.emplace_back("retry-after", retry_after);
    return r;
}

TEST(WebhookAnswer, MapsEachStatusClass) {
    EXPECT_EQ(WebhookAnswer::outcome(answer(200)).outcome, SB_PUSH_DELIVERED);
    EXPECT_EQ(WebhookAnswer::outcome(answer(204)).outcome, SB_PUSH_DELIVERED);
    auto gone = WebhookAnswer::outcome(answer(410, R"({"error":"device removed"})"));
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.reason, "device removed");
    auto limited = WebhookAnswer::outcome(answer(429, "", "7"));
    EXPECT_EQ(limited.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(limited.retry_after_ms, 7000);
    EXPECT_EQ(limited.reason, "HTTP 429");
    EXPECT_EQ(WebhookAnswer::outcome(answer(503)).outcome, SB_PUSH_RETRY);
    EXPECT_EQ(WebhookAnswer::outcome(answer(400)).outcome, SB_PUSH_REJECTED);
}

TEST(WebhookAnswer, NoHttpAnswerIsRetriedWithCurlsReason) {
    sdk::push::HttpResponse r;
    r.error = "Connection refused";
    auto outcome = WebhookAnswer::outcome(r);
    EXPECT_EQ(outcome.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(outcome.http_status, 0);
    EXPECT_EQ(outcome.reason, "Connection refused");
}

}  // namespace
}  // namespace switchboard::plugins::push_webhook
