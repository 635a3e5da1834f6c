#pragma once

#include <string_view>

#include "switchboard/calls/end_reason.hpp"

namespace switchboard::calls {

// How a call ended as its history shows it.
enum class CallOutcome { completed, missed, declined, busy, cancelled, failed };

std::string_view to_string(CallOutcome outcome) noexcept;

// The outcome of a call that ended for `reason`, answered or not (see docs/calls.md).
CallOutcome outcome_of(EndReason reason, bool answered) noexcept;

}  // namespace switchboard::calls
