#include "websocket_frame_writer.hpp"

#include <cstring>

namespace switchboard::bench {

WebSocketFrameWriter::WebSocketFrameWriter(uint64_t seed) : state_(seed ? seed : 0x9E3779B97F4A7C15ull) {}

uint32_t WebSocketFrameWriter::next_mask() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<uint32_t>(state_ >> 16);
}

void WebSocketFrameWriter::append(std::string& out, WebSocketOpcode opcode, std::string_view payload) {
    unsigned char header[14];
    size_t header_size = 2;
    header[0] = static_cast<unsigned char>(0x80 | static_cast<uint8_t>(opcode));
    uint64_t size = payload.size();
    if (size < 126) {
        header[1] = static_cast<unsigned char>(0x80 | size);
    } else if (size <= 0xFFFF) {
        header[1] = 0x80 | 126;
        header[2] = static_cast<unsigned char>(size >> 8);
        header[3] = static_cast<unsigned char>(size);
        header_size = 4;
    } else {
        header[1] = 0x80 | 127;
        for (int i = 0; i < 8; ++i) header[2 + i] = static_cast<unsigned char>(size >> (56 - 8 * i));
        header_size = 10;
    }
    uint32_t mask = next_mask();
    unsigned char mask_bytes[4];
    std::memcpy(mask_bytes, &mask, 4);
    std::memcpy(header + header_size, mask_bytes, 4);
    header_size += 4;

    size_t start = out.size();
    out.append(reinterpret_cast<const char*>(header), header_size);
    out.append(payload);
    char* data = out.data() + start + header_size;
    // Eight bytes at a time: the key repeats every four, so doubling it
    // masks a 64-bit word in one XOR.
    uint64_t wide_mask;
    std::memcpy(&wide_mask, mask_bytes, 4);
    std::memcpy(reinterpret_cast<char*>(&wide_mask) + 4, mask_bytes, 4);
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t word;
        std::memcpy(&word, data + i, 8);
        word ^= wide_mask;
        std::memcpy(data + i, &word, 8);
    }
    for (; i < size; ++i) data[i] = static_cast<char>(data[i] ^ mask_bytes[i % 4]);
}

}  // namespace switchboard::bench
