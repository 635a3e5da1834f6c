#include "switchboard/calls/call_outcome.hpp"

#include <gtest/gtest.h>

namespace switchboard::calls {
namespace {

TEST(CallOutcome, OfEachReasonAnsweredOrNot) {
    EXPECT_EQ(outcome_of(EndReason::hangup, true), CallOutcome::completed);
    EXPECT_EQ(outcome_of(EndReason::declined, false), CallOutcome::declined);
    EXPECT_EQ(outcome_of(EndReason::busy, false), CallOutcome::busy);
    EXPECT_EQ(outcome_of(EndReason::cancelled, false), CallOutcome::cancelled);
    EXPECT_EQ(outcome_of(EndReason::timeout, false), CallOutcome::missed);
    EXPECT_EQ(outcome_of(EndReason::connection_lost, true), CallOutcome::completed);
    EXPECT_EQ(outcome_of(EndReason::connection_lost, false), CallOutcome::failed);
    EXPECT_EQ(outcome_of(EndReason::failed, true), CallOutcome::failed);
    EXPECT_EQ(outcome_of(EndReason::failed, false), CallOutcome::failed);
}

TEST(CallOutcome, WireNames) {
    EXPECT_EQ(to_string(CallOutcome::completed), "completed");
    EXPECT_EQ(to_string(CallOutcome::missed), "missed");
    EXPECT_EQ(to_string(EndReason::answered_elsewhere), "answered_elsewhere");
    EXPECT_EQ(to_string(EndReason::connection_lost), "connection_lost");
}

}  // namespace
}  // namespace switchboard::calls
