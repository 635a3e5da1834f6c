#include "expo_tickets.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::push_expo {
namespace {

TEST(ExpoTickets, EachTicketHasItsOutcome) {
    sdk::push::HttpResponse r;
    r.status = 200;
    r.body = R"({"data":[{"status":"ok","id":"r1"},
        {"status":"error","message":"gone","details":{"error":"DeviceNotRegistered"}},
        {"status":"error","message":"slow down","details":{"error":"MessageRateExceeded"}},
        {"status":"error","message":"big","details":{"error":"MessageTooBig"}}]})";
    auto t = ExpoTickets::read(r, 4);
    ASSERT_EQ(t.size(), 4u);
    EXPECT_EQ(t[0].outcome.outcome, SB_PUSH_DELIVERED);
    EXPECT_EQ(t[0].receipt_id, "r1");
    EXPECT_EQ(t[1].outcome.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(t[1].outcome.reason, "DeviceNotRegistered");
    EXPECT_EQ(t[2].outcome.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(t[3].outcome.outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(t[3].outcome.reason, "MessageTooBig");
}

TEST(ExpoTickets, AFailedRequestAppliesToTheWholeBatch) {
    sdk::push::HttpResponse r;
    r.status = 429;
    r.headers.emplace_back("retry-after", "9");
    r.body = R"({"errors":[{"code":"TOO_MANY_REQUESTS","message":"slow"}]})";
    auto t = ExpoTickets::read(r, 3);
    ASSERT_EQ(t.size(), 3u);
    for (const auto& ticket : t) {
        EXPECT_EQ(ticket.outcome.outcome, SB_PUSH_RETRY);
        EXPECT_EQ(ticket.outcome.retry_after_ms, 9000);
        EXPECT_EQ(ticket.outcome.reason, "TOO_MANY_REQUESTS");
    }
    r.status = 200;
    r.body = R"({"data":[{"status":"ok","id":"r1"}]})";
    EXPECT_EQ(ExpoTickets::read(r, 2)[1].outcome.outcome, SB_PUSH_RETRY);
}

}  // namespace
}  // namespace switchboard::plugins::push_expo
