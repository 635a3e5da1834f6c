#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "stream_window.hpp"
#include "websocket_opcode.hpp"

namespace switchboard::bench {

// Decodes server frames (RFC 6455 §5.2) from the bytes of successive reads,
// reassembling fragmented messages (§5.4); control frames come out as they
// arrive, even between the fragments of a message. Only the tail of a frame
// that a read cut is copied; whole frames are decoded in place.
class WebSocketFrameReader {
public:
    enum class Status { message, need_more, error };

    explicit WebSocketFrameReader(size_t max_message_bytes);

    // Call next() until it says need_more before feeding again.
    void feed(const char* data, size_t size) { window_.feed(data, size); }

    // The next complete message or control frame. The payload stays valid
    // until the following call.
    Status next(WebSocketOpcode& opcode, std::string_view& payload);

    const std::string& error() const { return error_; }

private:
    Status need_more();
    Status fail(std::string reason);

    size_t max_message_bytes_;
    StreamWindow window_;
    std::string fragments_;
    WebSocketOpcode fragment_opcode_ = WebSocketOpcode::text;
    bool in_fragmented_message_ = false;
    bool fragments_delivered_ = false;
    std::string unmasked_;
    std::string error_;
};

}  // namespace switchboard::bench
