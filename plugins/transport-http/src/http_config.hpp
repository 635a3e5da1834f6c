#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::transport_http {

// The plugin's validated options (plugin.cpp declares them).
struct HttpConfig {
    std::string host;
    uint16_t port = 8080;
    uint32_t threads = 2;
    uint32_t max_connections = 1024;
    uint32_t per_ip_connections = 0;
    std::chrono::seconds connection_timeout{30};
    uint64_t max_body_size = 256 * 1024;
    std::string static_dir;  // empty: no static files
    std::chrono::seconds static_max_age{86400};
    std::vector<std::string> allowed_origins;
    std::chrono::seconds cors_max_age{600};
    double rate_per_second = 50;  // 0: no per-address rate limit
    double rate_burst = 100;
    bool serve_metrics = true;

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) for a host that is not an IP address
    // or a static_dir that is not a directory.
    static HttpConfig from(const sdk::Host& host);
    std::string url(uint16_t bound_port) const;
};

}  // namespace switchboard::plugins::transport_http
