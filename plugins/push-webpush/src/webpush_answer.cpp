#include "webpush_answer.hpp"

#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::plugins::push_webpush {

using sdk::push::PushOutcome;

PushOutcome WebPushAnswer::outcome(const sdk::push::HttpResponse& response) {
    if (response.status == 0) return PushOutcome::retry(0, response.error);
    std::string reason = "HTTP " + std::to_string(response.status);
    if (response.status == 404 || response.status == 410) return PushOutcome::dead_token(response.status, reason);
    return PushOutcome::from_http(response.status, reason,
                                  sdk::push::RetryAfter::parse_ms(response.header("retry-after")));
}

}  // namespace switchboard::plugins::push_webpush
