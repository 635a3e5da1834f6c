#include "webhook_answer.hpp"

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::plugins::push_webhook {

using sdk::push::PushOutcome;

PushOutcome WebhookAnswer::outcome(const sdk::push::HttpResponse& response) {
    if (response.status == 0) return PushOutcome::retry(0, response.error);
    std::string reason = "HTTP " + std::to_string(response.status);
    nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("error") && body["error"].is_string()) reason = body["error"];
    if (response.status == 410) return PushOutcome::dead_token(response.status, reason);
    return PushOutcome::from_http(response.status, reason,
                                  sdk::push::RetryAfter::parse_ms(response.header("retry-after")));
}

}  // namespace switchboard::plugins::push_webhook
