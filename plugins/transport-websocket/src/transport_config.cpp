#include "transport_config.hpp"

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::transport_websocket {

namespace {

void check(bool condition, const std::string& message) {
    if (!condition) throw sdk::Error(SB_ERR_BAD_REQUEST, message);
}

}  // namespace

TransportConfig TransportConfig::read(const sdk::Host& host) {
    TransportConfig config;
    config.host = host.string("host");
    config.port = static_cast<int>(host.integer("port"));
    config.path = host.string("path");
    config.tls_cert_file = host.optional_string("tls.cert_file").value_or("");
    config.tls_key_file = host.optional_string("tls.key_file").value_or("");
    config.ping_interval = std::chrono::milliseconds(host.integer("ping_interval"));
    config.idle_timeout = std::chrono::milliseconds(host.integer("idle_timeout"));
    config.max_message_size = static_cast<size_t>(host.integer("max_message_size"));
    config.max_send_queue = static_cast<size_t>(host.integer("max_send_queue"));
    config.allowed_origins = host.string_list("allowed_origins");
    config.max_connections = static_cast<size_t>(host.integer("max_connections"));

    check(!config.host.empty(), "transport.websocket: 'host' must not be empty");
    check(!config.path.empty() && config.path.front() == '/',
          "transport.websocket: 'path' must start with '/', got '" + config.path + "'");
    check(config.tls_cert_file.empty() == config.tls_key_file.empty(),
          "transport.websocket: set both 'tls.cert_file' and 'tls.key_file', or neither");
    check(config.idle_timeout > config.ping_interval,
          "transport.websocket: 'idle_timeout' (" + std::to_string(config.idle_timeout.count()) +
              "ms) must be longer than 'ping_interval' (" + std::to_string(config.ping_interval.count()) + "ms)");
    return config;
}

std::string TransportConfig::url(int actual_port) const {
    const bool ipv6_literal = host.find(':') != std::string::npos;
    std::string url = tls() ? "wss://" : "ws://";
    url += ipv6_literal ? "[" + host + "]" : host;
    url += ":" + std::to_string(actual_port) + path;
    return url;
}

}  // namespace switchboard::plugins::transport_websocket
