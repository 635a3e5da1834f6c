#pragma once

#include <cstdint>

namespace switchboard::bench {

// RFC 6455 §5.2 frame opcodes.
enum class WebSocketOpcode : uint8_t {
    continuation = 0x0,
    text = 0x1,
    binary = 0x2,
    close = 0x8,
    ping = 0x9,
    pong = 0xA,
};

}  // namespace switchboard::bench
