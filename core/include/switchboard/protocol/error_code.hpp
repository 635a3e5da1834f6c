#pragma once

#include <string_view>

#include "switchboard/abi.h"

namespace switchboard::protocol {

// The wire error codes of docs/protocol.md.
enum class ErrorCode {
    bad_request,
    unauthorized,
    forbidden,
    not_found,
    conflict,
    rate_limited,
    too_large,
    unavailable,
    internal,
};

std::string_view to_string(ErrorCode code) noexcept;

// The wire code for a plugin's status (SB_ERR_BUSY reads as unavailable).
ErrorCode from_status(sb_status status) noexcept;
// The status for a wire code (the inverse of from_status).
sb_status to_status(ErrorCode code) noexcept;

}  // namespace switchboard::protocol
