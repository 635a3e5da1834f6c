#include "apns_answer.hpp"

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::plugins::push_apns {

using sdk::push::PushOutcome;

PushOutcome ApnsAnswer::outcome(const sdk::push::HttpResponse& response) {
    if (response.status == 0) return PushOutcome::retry(0, response.error);
    if (response.status == 200) return PushOutcome::delivered(200);
    nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
    std::string reason = doc.is_object() && doc.contains("reason") && doc["reason"].is_string()
                             ? doc["reason"].get<std::string>()
                             : "HTTP " + std::to_string(response.status);
    if (response.status == 410 || (response.status == 400 && reason == "BadDeviceToken"))
        return PushOutcome::dead_token(response.status, reason);
    int64_t retry_after = sdk::push::RetryAfter::parse_ms(response.header("retry-after"));
    if (response.status == 403 && reason == "ExpiredProviderToken")
        return PushOutcome::retry(response.status, reason, retry_after);
    return PushOutcome::from_http(response.status, reason, retry_after);
}

}  // namespace switchboard::plugins::push_apns
