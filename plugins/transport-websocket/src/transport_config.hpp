#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::transport_websocket {

// The plugin's YAML section (declared in plugin.cpp), read and checked once
// when the instance is created.
struct TransportConfig {
    std::string host;
    int port = 0;  // 0: the system picks a free port
    std::string path;
    std::string tls_cert_file;  // both TLS files set: wss://, neither: ws://
    std::string tls_key_file;
    std::chrono::milliseconds ping_interval{};
    std::chrono::milliseconds idle_timeout{};
    size_t max_message_size = 0;
    size_t max_send_queue = 0;
    std::vector<std::string> allowed_origins;  // empty: any Origin
    size_t max_connections = 0;

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) for an inconsistent section.
    static TransportConfig read(const sdk::Host& host);

    bool tls() const { return !tls_cert_file.empty(); }
    // "ws://127.0.0.1:8081/v1/ws" for the given (actual) port.
    std::string url(int actual_port) const;
};

}  // namespace switchboard::plugins::transport_websocket
