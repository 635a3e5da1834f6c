#include "websocket_transport.hpp"

#include <string>

#include "lws_log_bridge.hpp"
#include "open_file_limit.hpp"

namespace switchboard::plugins::transport_websocket {

namespace {

// Codes an endpoint may put in a close frame (RFC 6455 7.4); anything else
// the kernel passes becomes 1000.
uint16_t sendable_close_code(uint32_t code) {
    const bool reserved = code == 1004 || code == 1005 || code == 1006 || code == 1015;
    return code >= 1000 && code <= 4999 && !reserved ? static_cast<uint16_t>(code) : 1000;
}

// Descriptors the process needs besides the connections (listening socket,
// wake pipe, the kernel's own files).
constexpr uint64_t kSpareDescriptors = 64;

}  // namespace

WebSocketTransport::WebSocketTransport(const sdk::Host& host)
    : host_(host),
      config_(TransportConfig::read(host)),
      registry_(host, config_.max_send_queue),
      server_(host, config_, registry_) {}

WebSocketTransport::~WebSocketTransport() { stop(); }

void WebSocketTransport::start() {
    const uint64_t descriptors = raise_open_file_limit();
    if (descriptors < config_.max_connections + kSpareDescriptors)
        host_.warn("the open-file limit (" + std::to_string(descriptors) +
                   ") leaves room for fewer than max_connections (" + std::to_string(config_.max_connections) +
                   ") connections; raise the hard limit (ulimit -Hn, systemd LimitNOFILE=)");
    LwsLogBridge::attach(host_.raw());
    try {
        server_.start();
    } catch (...) {
        LwsLogBridge::detach(host_.raw());
        throw;
    }
}

void WebSocketTransport::stop() {
    server_.stop();
    LwsLogBridge::detach(host_.raw());
}

sb_status WebSocketTransport::send(uint64_t conn, sb_payload* payload) {
    if (payload == nullptr) return SB_ERR_BAD_REQUEST;
    bool wake = false;
    const sb_status status = registry_.enqueue(conn, payload, wake);
    if (wake) server_.wake();
    return status;
}

void WebSocketTransport::close(uint64_t conn, uint32_t code, std::string_view reason) {
    if (registry_.request_close(conn, sendable_close_code(code), reason)) server_.wake();
}

}  // namespace switchboard::plugins::transport_websocket
