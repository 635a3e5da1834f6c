#pragma once

#include <string>
#include <string_view>

namespace switchboard::bench {

// Standard base64 with padding (RFC 4648 §4), as the WebSocket handshake uses.
std::string base64_encode(std::string_view bytes);

// URL-safe base64 without padding (RFC 4648 §5), as JWTs use.
std::string base64url_encode(std::string_view bytes);

}  // namespace switchboard::bench
