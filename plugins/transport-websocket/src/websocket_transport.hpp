#pragma once

#include <cstdint>
#include <string_view>

#include "connection_registry.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/transport.hpp"
#include "transport_config.hpp"
#include "websocket_server.hpp"

namespace switchboard::plugins::transport_websocket {

// The transport.websocket plugin instance: configuration, the connection
// registry the kernel's send()/close() go through, and the server.
class WebSocketTransport : public sdk::TransportPlugin<WebSocketTransport> {
public:
    explicit WebSocketTransport(const sdk::Host& host);
    ~WebSocketTransport();

    // Control thread.
    void start();
    void stop();

    // Any thread; never block.
    sb_status send(uint64_t conn, sb_payload* payload);
    void close(uint64_t conn, uint32_t code, std::string_view reason);

private:
    sdk::Host host_;
    const TransportConfig config_;
    ConnectionRegistry registry_;
    WebSocketServer server_;
};

}  // namespace switchboard::plugins::transport_websocket
