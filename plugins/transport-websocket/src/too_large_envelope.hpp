#pragma once

#include <cstddef>
#include <string>

namespace switchboard::plugins::transport_websocket {

// The wire envelope that answers an oversized incoming message:
// {"ok":false,"error":{"code":"too_large","message":"message of N bytes exceeds the limit of M bytes"}}
std::string too_large_envelope(size_t message_size, size_t limit);

}  // namespace switchboard::plugins::transport_websocket
