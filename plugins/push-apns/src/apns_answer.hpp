#pragma once

#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"

namespace switchboard::plugins::push_apns {

// What an APNs answer means; the reason is the body's "reason":
// 410 (Unregistered, ExpiredToken) and 400 BadDeviceToken → dead token;
// 403 ExpiredProviderToken, 429 TooManyRequests and 5xx → retry;
// other 4xx (BadCollapseId, PayloadTooLarge, TopicDisallowed…) → rejected.
class ApnsAnswer {
public:
    static sdk::push::PushOutcome outcome(const sdk::push::HttpResponse& response);
};

}  // namespace switchboard::plugins::push_apns
