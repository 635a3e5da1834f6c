#include "switchboard/protocol/error_code.hpp"

namespace switchboard::protocol {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::bad_request: return "bad_request";
        case ErrorCode::unauthorized: return "unauthorized";
        case ErrorCode::forbidden: return "forbidden";
        case ErrorCode::not_found: return "not_found";
        case ErrorCode::conflict: return "conflict";
        case ErrorCode::rate_limited: return "rate_limited";
        case ErrorCode::too_large: return "too_large";
        case ErrorCode::unavailable: return "unavailable";
        case ErrorCode::internal: return "internal";
    }
    return "internal";
}

ErrorCode from_status(sb_status status) noexcept {
    switch (status) {
        case SB_ERR_BAD_REQUEST: return ErrorCode::bad_request;
        case SB_ERR_UNAUTHORIZED: return ErrorCode::unauthorized;
        case SB_ERR_FORBIDDEN: return ErrorCode::forbidden;
        case SB_ERR_NOT_FOUND: return ErrorCode::not_found;
        case SB_ERR_CONFLICT: return ErrorCode::conflict;
        case SB_ERR_RATE_LIMITED: return ErrorCode::rate_limited;
        case SB_ERR_TOO_LARGE: return ErrorCode::too_large;
        case SB_ERR_UNAVAILABLE:
        case SB_ERR_BUSY: return ErrorCode::unavailable;
        case SB_OK:
        case SB_ERR_INTERNAL: break;
    }
    return ErrorCode::internal;
}

sb_status to_status(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::bad_request: return SB_ERR_BAD_REQUEST;
        case ErrorCode::unauthorized: return SB_ERR_UNAUTHORIZED;
        case ErrorCode::forbidden: return SB_ERR_FORBIDDEN;
        case ErrorCode::not_found: return SB_ERR_NOT_FOUND;
        case ErrorCode::conflict: return SB_ERR_CONFLICT;
        case ErrorCode::rate_limited: return SB_ERR_RATE_LIMITED;
        case ErrorCode::too_large: return SB_ERR_TOO_LARGE;
        case ErrorCode::unavailable: return SB_ERR_UNAVAILABLE;
        case ErrorCode::internal: return SB_ERR_INTERNAL;
    }
    return SB_ERR_INTERNAL;
}

}  // namespace switchboard::protocol
