#include "fcm_answer.hpp"

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::plugins::push_fcm {

using sdk::push::PushOutcome;

namespace {

std::string error_code(const std::string& body, int32_t status) {
    nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
    if (doc.is_object() && doc.contains("error") && doc["error"].is_object()) {
        const auto& error = doc["error"];
        if (error.contains("details") && error["details"].is_array())
            for (const auto& detail : error["details"])
                if (detail.is_object() && detail.contains("errorCode") && detail["errorCode"].is_string())
                    return detail["errorCode"];
        if (error.contains("status") && error["status"].is_string()) return error["status"];
    }
    return "HTTP " + std::to_string(status);
}

}  // namespace

PushOutcome FcmAnswer::outcome(const sdk::push::HttpResponse& response) {
    if (response.status == 0) return PushOutcome::retry(0, response.error);
    if (response.status >= 200 && response.status < 300) return PushOutcome::delivered(response.status);
    std::string code = error_code(response.body, response.status);
    if (code == "UNREGISTERED" || response.status == 404) return PushOutcome::dead_token(response.status, code);
    int64_t retry_after = sdk::push::RetryAfter::parse_ms(response.header("retry-after"));
    if (response.status == 401) return PushOutcome::retry(response.status, code, retry_after);
    return PushOutcome::from_http(response.status, code, retry_after);
}

}  // namespace switchboard::plugins::push_fcm
