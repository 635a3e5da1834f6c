#pragma once

#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"

namespace switchboard::plugins::push_webhook {

// What the integrator's answer means: 2xx delivered; 410 Gone: the device is
// gone (dead token); 408, 429 and 5xx: retry (Retry-After honoured); other
// 4xx: rejected. The reason is the status line's code, or the body's
// "error" string when the answer is a JSON object that has one.
class WebhookAnswer {
public:
    static sdk::push::PushOutcome outcome(const sdk::push::HttpResponse& response);
};

}  // namespace switchboard::plugins::push_webhook
