#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reply.hpp"

namespace switchboard::plugins::transport_http {

// Which browser origins may call the API (allowed_origins) and the CORS
// headers that say so. No origins configured: no CORS headers at all.
class CorsPolicy {
public:
    CorsPolicy(std::vector<std::string> origins, std::chrono::seconds max_age)
        : origins_(std::move(origins)), max_age_(max_age) {}

    bool allows(std::string_view origin) const;
    // Adds Access-Control-Allow-Origin (and the headers a script may read) to
    // the reply to a request from `origin`, when that origin is allowed.
    void decorate(std::optional<std::string_view> origin, Reply& reply) const;
    // The answer to a preflight (OPTIONS with Access-Control-Request-Method):
    // 204 with the allowed methods and headers, or 403 for another origin.
    Reply preflight(std::string_view origin) const;

private:
    std::vector<std::string> origins_;
    std::chrono::seconds max_age_;
};

}  // namespace switchboard::plugins::transport_http
