#pragma once

#include <string>
#include <string_view>

namespace switchboard::bench {

// The client side of the RFC 6455 opening handshake (§4.1): the upgrade
// request, and the checks on the server's 101 answer.
class WebSocketHandshake {
public:
    WebSocketHandshake(std::string host_port, std::string path, std::string subprotocol, std::string key);

    // 16 random bytes, base64: a fresh Sec-WebSocket-Key.
    static std::string random_key();
    // base64(SHA-1(key + the RFC's GUID)): what Sec-WebSocket-Accept must say.
    static std::string accept_for(std::string_view key);

    std::string request() const;

    // Checks a response head (status line and headers, through the blank
    // line); returns what is wrong with it, or an empty string.
    std::string check_response(std::string_view head) const;

private:
    std::string host_port_;
    std::string path_;
    std::string subprotocol_;
    std::string key_;
};

}  // namespace switchboard::bench
