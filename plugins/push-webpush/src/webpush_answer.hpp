#pragma once

#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"

namespace switchboard::plugins::push_webpush {

// What a push service's answer means: 2xx (201 Created) delivered; 404 and
// 410 → the subscription is gone (dead token); 429 and 5xx → retry with
// Retry-After; other 4xx (400, 401/403 VAPID refused, 413 too large) → rejected.
class WebPushAnswer {
public:
    static sdk::push::PushOutcome outcome(const sdk::push::HttpResponse& response);
};

}  // namespace switchboard::plugins::push_webpush
