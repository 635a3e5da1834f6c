#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "payload_queue.hpp"

struct lws;

namespace switchboard::plugins::transport_websocket {

// One established WebSocket connection. Owned by the ConnectionRegistry;
// created and destroyed on the service thread. Kept small: 10,000 idle
// connections must stay cheap, so nothing here allocates until used.
struct Connection {
    Connection(uint64_t id, lws* wsi) : id(id), wsi(wsi) {}

    const uint64_t id;  // the host's connection id
    lws* const wsi;

    // ---- Send side: guarded by the registry's mutex.
    PayloadQueue queue;
    std::string farewell;       // written after the queue, just before closing (the too_large answer)
    uint16_t close_code = 0;    // non-zero once a close is requested; sends are refused from then on
    std::string close_reason;
    bool close_now = false;     // close without flushing the queue (send queue overflow)
    bool wake_listed = false;   // in the registry's wake list

    // ---- Receive side and keepalive: service thread only.
    std::string message;        // fragments of the message being received
    bool discarding = false;    // an oversized message was refused; ignore the rest of the input
    bool ping_due = false;      // write a ping at the next writeable callback
    std::chrono::steady_clock::time_point last_input;  // last message or pong from the client
    std::chrono::steady_clock::time_point last_ping;   // last ping written to it
};

}  // namespace switchboard::plugins::transport_websocket
