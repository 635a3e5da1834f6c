#pragma once

#include <string_view>

namespace switchboard::calls {

// Why a call (or one callee device's part in it) ended: the one vocabulary of
// call.ended's `reason` and of the history's end_reason.
enum class EndReason { answered_elsewhere, declined, busy, cancelled, hangup, timeout, connection_lost, failed };

std::string_view to_string(EndReason reason) noexcept;

}  // namespace switchboard::calls
