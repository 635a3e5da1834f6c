#include "cors_policy.hpp"

#include <algorithm>

namespace switchboard::plugins::transport_http {

bool CorsPolicy::allows(std::string_view origin) const {
    return std::any_of(origins_.begin(), origins_.end(),
                       [&](const std::string& allowed) { return allowed == "*" || allowed == origin; });
}

void CorsPolicy::decorate(std::optional<std::string_view> origin, Reply& reply) const {
    if (!origin || origins_.empty() || !allows(*origin)) return;
    reply.header("Access-Control-Allow-Origin", std::string(*origin));
    reply.header("Vary", "Origin");
    reply.header("Access-Control-Expose-Headers", "Content-Length, Content-Range, Content-Disposition, ETag, Retry-After");
}

Reply CorsPolicy::preflight(std::string_view origin) const {
    if (origins_.empty() || !allows(origin))
        return Reply::error(403, "forbidden", "origin " + std::string(origin) + " is not in allowed_origins");
    Reply reply;
    reply.status = 204;
    reply.header("Access-Control-Allow-Origin", std::string(origin));
    reply.header("Vary", "Origin");
    reply.header("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, OPTIONS");
    reply.header("Access-Control-Allow-Headers",
                 "Authorization, Content-Type, X-Api-Key, X-Filename, Range, If-None-Match, If-Range");
    reply.header("Access-Control-Max-Age", std::to_string(max_age_.count()));
    return reply;
}

}  // namespace switchboard::plugins::transport_http
