#pragma once

#include <string>

namespace switchboard::plugins::transport_websocket {

// The remote end of a connected socket as "127.0.0.1:53122" or "[::1]:53122"
// (IPv4-mapped IPv6 addresses shown as IPv4); empty if it cannot be read.
std::string peer_address(int fd);

}  // namespace switchboard::plugins::transport_websocket
