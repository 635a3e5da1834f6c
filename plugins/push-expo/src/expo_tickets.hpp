#pragma once

#include <string>
#include <vector>

#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/push_outcome.hpp"

namespace switchboard::plugins::push_expo {

// The answer to one batch, message by message. HTTP 200 carries
// {"data": [ticket…]} in the messages' order: {"status":"ok","id"} →
// delivered (the id is kept to fetch the receipt later), {"status":"error",
// "details":{"error":E}}: DeviceNotRegistered → dead token,
// MessageRateExceeded → retry, others (MessageTooBig, InvalidCredentials…)
// → rejected. Another status applies to the whole batch: 429 and 5xx →
// retry with Retry-After, other 4xx → rejected with errors[0].code.
class ExpoTickets {
public:
    struct Ticket {
        sdk::push::PushOutcome outcome;
        std::string receipt_id;  // for delivered messages
    };

    static std::vector<Ticket> read(const sdk::push::HttpResponse& response, size_t count);
};

}  // namespace switchboard::plugins::push_expo
