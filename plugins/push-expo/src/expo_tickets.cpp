#include "expo_tickets.hpp"

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::plugins::push_expo {

using sdk::push::PushOutcome;

namespace {

std::string string_at(const nlohmann::json& j, std::initializer_list<const char*> path) {
    const nlohmann::json* at = &j;
    for (const char* key : path) {
        if (!at->is_object() || !at->contains(key)) return "";
        at = &(*at)[key];
    }
    return at->is_string() ? at->get<std::string>() : "";
}

ExpoTickets::Ticket ticket(const nlohmann::json& t) {
    if (string_at(t, {"status"}) == "ok") return {PushOutcome::delivered(200), string_at(t, {"id"})};
    std::string error = string_at(t, {"details", "error"});
    if (error.empty()) error = string_at(t, {"message"});
    if (error == "DeviceNotRegistered") return {PushOutcome::dead_token(200, error), ""};
    if (error == "MessageRateExceeded") return {PushOutcome::retry(200, error), ""};
    return {PushOutcome::rejected(200, error.empty() ? "ticket error" : error), ""};
}

}  // namespace

std::vector<ExpoTickets::Ticket> ExpoTickets::read(const sdk::push::HttpResponse& response, size_t count) {
    auto all = [&](PushOutcome outcome) { return std::vector<Ticket>(count, Ticket{outcome, ""}); };
    if (response.status == 0) return all(PushOutcome::retry(0, response.error));
    nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
    if (response.status != 200) {
        std::string code;
        if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array() && !doc["errors"].empty())
            code = string_at(doc["errors"][0], {"code"});
        if (code.empty()) code = "HTTP " + std::to_string(response.status);
        return all(PushOutcome::from_http(response.status, code,
                                          sdk::push::RetryAfter::parse_ms(response.header("retry-after"))));
    }
    if (!doc.is_object() || !doc.contains("data") || !doc["data"].is_array() || doc["data"].size() != count)
        return all(PushOutcome::retry(200, "tickets missing from Expo's answer"));
    std::vector<Ticket> tickets;
    tickets.reserve(count);
    for (const auto& t : doc["data"]) tickets.push_back(ticket(t));
    return tickets;
}

}  // namespace switchboard::plugins::push_expo
