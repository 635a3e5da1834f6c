#include "http_config.hpp"

#include <arpa/inet.h>

#include <filesystem>

namespace switchboard::plugins::transport_http {

HttpConfig HttpConfig::from(const sdk::Host& host) {
    HttpConfig c;
    c.host = host.string("host");
    in6_addr v6{};
    in_addr v4{};
    if (inet_pton(AF_INET, c.host.c_str(), &v4) != 1 && inet_pton(AF_INET6, c.host.c_str(), &v6) != 1)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "host '" + c.host + "' is not an IPv4 or IPv6 address");
    c.port = static_cast<uint16_t>(host.integer("port"));
    c.threads = static_cast<uint32_t>(host.integer("threads"));
    c.max_connections = static_cast<uint32_t>(host.integer("max_connections"));
    c.per_ip_connections = static_cast<uint32_t>(host.integer("per_ip_connections"));
    c.connection_timeout = std::chrono::seconds(std::max<int64_t>(1, host.integer("connection_timeout") / 1000));
    c.max_body_size = static_cast<uint64_t>(host.integer("max_body_size"));
    c.static_dir = host.optional_string("static_dir").value_or("");
    if (!c.static_dir.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_directory(c.static_dir, ec))
            throw sdk::Error(SB_ERR_BAD_REQUEST, "static_dir '" + c.static_dir + "' is not a directory");
        c.static_dir = std::filesystem::canonical(c.static_dir).string();
    }
    c.static_max_age = std::chrono::seconds(host.integer("static_max_age") / 1000);
    c.allowed_origins = host.string_list("allowed_origins");
    c.cors_max_age = std::chrono::seconds(host.integer("cors_max_age") / 1000);
    c.rate_per_second = static_cast<double>(host.integer("rate_limit.requests_per_second"));
    c.rate_burst = static_cast<double>(host.integer("rate_limit.burst"));
    c.serve_metrics = host.boolean("metrics");
    return c;
}

std::string HttpConfig::url(uint16_t bound_port) const {
    bool v6 = host.find(':') != std::string::npos;
    return "http://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(bound_port);
}

}  // namespace switchboard::plugins::transport_http
