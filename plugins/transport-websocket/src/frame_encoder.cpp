#include "frame_encoder.hpp"

#include <cstdint>

namespace switchboard::plugins::transport_websocket {

namespace {
constexpr unsigned char kFinText = 0x81;  // FIN + opcode 1 (text)
}  // namespace

void FrameEncoder::append_text(std::vector<unsigned char>& out, std::string_view text) {
    const uint64_t length = text.size();
    out.push_back(kFinText);
    if (length < 126) {
        out.push_back(static_cast<unsigned char>(length));
    } else if (length <= 0xFFFF) {
        out.push_back(126);
        out.push_back(static_cast<unsigned char>(length >> 8));
        out.push_back(static_cast<unsigned char>(length));
    } else {
        out.push_back(127);
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<unsigned char>(length >> shift));
    }
    out.insert(out.end(), text.begin(), text.end());
}

}  // namespace switchboard::plugins::transport_websocket
