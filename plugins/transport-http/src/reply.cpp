#include "reply.hpp"

#include <nlohmann/json.hpp>

namespace switchboard::plugins::transport_http {

Reply Reply::json(unsigned status, std::string body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    r.header("Content-Type", "application/json");
    return r;
}

Reply Reply::error(unsigned status, std::string_view code, std::string_view message, bool envelope) {
    nlohmann::json error{{"code", code}, {"message", message}};
    nlohmann::json body = envelope ? nlohmann::json{{"id", nullptr}, {"ok", false}, {"error", error}}
                                   : nlohmann::json{{"error", error}};
    Reply r = json(status, body.dump());
    if (status == 401) r.header("WWW-Authenticate", "Bearer");
    if (status == 429) r.header("Retry-After", "1");
    return r;
}

unsigned http_status_for(std::string_view code) {
    if (code == "bad_request") return 400;
    if (code == "unauthorized") return 401;
    if (code == "forbidden") return 403;
    if (code == "not_found") return 404;
    if (code == "conflict") return 409;
    if (code == "too_large") return 413;
    if (code == "rate_limited") return 429;
    if (code == "unavailable") return 503;
    return 500;
}

}  // namespace switchboard::plugins::transport_http
