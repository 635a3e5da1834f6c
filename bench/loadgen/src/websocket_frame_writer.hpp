#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "websocket_opcode.hpp"

namespace switchboard::bench {

// Encodes client frames: final, masked (RFC 6455 §5.3). The masking keys come
// from a xorshift generator seeded per connection: they need to vary, not to
// resist an attacker, in a load generator talking to loopback.
class WebSocketFrameWriter {
public:
    explicit WebSocketFrameWriter(uint64_t seed);

    void append(std::string& out, WebSocketOpcode opcode, std::string_view payload);

private:
    uint32_t next_mask();

    uint64_t state_;
};

}  // namespace switchboard::bench
