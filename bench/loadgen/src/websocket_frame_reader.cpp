#include "websocket_frame_reader.hpp"

#include <cstdint>

namespace switchboard::bench {

WebSocketFrameReader::WebSocketFrameReader(size_t max_message_bytes) : max_message_bytes_(max_message_bytes) {}

WebSocketFrameReader::Status WebSocketFrameReader::need_more() {
    window_.keep_rest();
    return Status::need_more;
}

WebSocketFrameReader::Status WebSocketFrameReader::fail(std::string reason) {
    error_ = std::move(reason);
    return Status::error;
}

WebSocketFrameReader::Status WebSocketFrameReader::next(WebSocketOpcode& opcode, std::string_view& payload) {
    if (fragments_delivered_) {
        fragments_.clear();
        fragments_delivered_ = false;
    }
    while (true) {
        if (!window_.fed()) return Status::need_more;
        std::string_view unread = window_.unread();
        size_t available = unread.size();
        const auto* bytes = reinterpret_cast<const unsigned char*>(unread.data());
        if (available < 2) return need_more();
        bool fin = bytes[0] & 0x80;
        if (bytes[0] & 0x70) return fail("reserved bits set without a negotiated extension");
        auto code = static_cast<WebSocketOpcode>(bytes[0] & 0x0F);
        bool masked = bytes[1] & 0x80;
        uint64_t size = bytes[1] & 0x7F;
        size_t header = 2;
        if (size == 126) {
            if (available < 4) return need_more();
            size = (uint64_t{bytes[2]} << 8) | bytes[3];
            header = 4;
        } else if (size == 127) {
            if (available < 10) return need_more();
            size = 0;
            for (int i = 0; i < 8; ++i) size = (size << 8) | bytes[2 + i];
            header = 10;
        }
        if (size > max_message_bytes_) return fail("a frame of " + std::to_string(size) + " bytes exceeds the limit");
        size_t mask_at = header;
        if (masked) header += 4;
        if (available < header + size) return need_more();
        std::string_view data = unread.substr(header, size);
        if (masked) {
            unmasked_.assign(data);
            for (size_t i = 0; i < unmasked_.size(); ++i) unmasked_[i] = static_cast<char>(unmasked_[i] ^ bytes[mask_at + i % 4]);
            data = unmasked_;
        }
        window_.consume(header + size);

        switch (code) {
            case WebSocketOpcode::close:
            case WebSocketOpcode::ping:
            case WebSocketOpcode::pong:
                if (!fin || size > 125) return fail("a fragmented or oversized control frame");
                opcode = code;
                payload = data;
                return Status::message;
            case WebSocketOpcode::text:
            case WebSocketOpcode::binary:
                if (in_fragmented_message_) return fail("a new message began inside a fragmented one");
                if (fin) {
                    opcode = code;
                    payload = data;
                    return Status::message;
                }
                in_fragmented_message_ = true;
                fragment_opcode_ = code;
                fragments_.assign(data);
                continue;
            case WebSocketOpcode::continuation:
                if (!in_fragmented_message_) return fail("a continuation frame outside a fragmented message");
                if (fragments_.size() + data.size() > max_message_bytes_) return fail("a fragmented message exceeds the limit");
                fragments_.append(data);
                if (!fin) continue;
                in_fragmented_message_ = false;
                fragments_delivered_ = true;
                opcode = fragment_opcode_;
                payload = fragments_;
                return Status::message;
        }
        return fail("unknown opcode " + std::to_string(static_cast<int>(code)));
    }
}

}  // namespace switchboard::bench
