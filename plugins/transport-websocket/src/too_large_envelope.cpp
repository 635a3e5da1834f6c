#include "too_large_envelope.hpp"

namespace switchboard::plugins::transport_websocket {

std::string too_large_envelope(size_t message_size, size_t limit) {
    // Only numbers are interpolated, so no JSON escaping is needed.
    return R"({"ok":false,"error":{"code":"too_large","message":"message of )" + std::to_string(message_size) +
           " bytes exceeds the limit of " + std::to_string(limit) + R"( bytes"}})";
}

}  // namespace switchboard::plugins::transport_websocket
