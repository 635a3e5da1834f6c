#pragma once

#include <cstdint>
#include <string_view>

#include "line_server.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/transport.hpp"

namespace example::line {

// The example.line plugin instance: what the SDK's TransportPlugin wrapper
// calls for the descriptor's lifecycle functions and the transport vtable.
// The wrapper turns any exception thrown here into an sb_error for the host.
class LineTransport : public switchboard::sdk::TransportPlugin<LineTransport> {
public:
    // create(): reads and checks the options; opens nothing yet.
    explicit LineTransport(const switchboard::sdk::Host& host);

    // Control thread.
    void start();
    void stop();

    // Any host thread; never block.
    sb_status send(uint64_t conn, sb_payload* payload);
    void close(uint64_t conn, uint32_t code, std::string_view reason);

private:
    switchboard::sdk::Host host_;
    LineServer server_;
};

}  // namespace example::line
