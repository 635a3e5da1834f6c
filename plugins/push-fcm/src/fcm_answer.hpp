#pragma once

#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"

namespace switchboard::plugins::push_fcm {

// What an HTTP v1 answer means. The reason is the FcmError errorCode of the
// error's details (UNREGISTERED, QUOTA_EXCEEDED…), else its status
// (NOT_FOUND…): UNREGISTERED or 404 → dead token; 401 (the access token was
// refused), 429 and 5xx → retry with Retry-After; other 4xx (INVALID_ARGUMENT,
// SENDER_ID_MISMATCH) → rejected.
class FcmAnswer {
public:
    static sdk::push::PushOutcome outcome(const sdk::push::HttpResponse& response);
};

}  // namespace switchboard::plugins::push_fcm
