#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <string>

namespace switchboard::bench {

// ws://host:port/path (WebSocket) or tcp://host:port (plain MQTT), resolved
// once to an IPv4 address: the load generator opens thousands of sockets to
// the same place.
struct Url {
    std::string scheme;
    std::string host;
    uint16_t port = 0;
    std::string path;
    sockaddr_in address{};

    static Url parse(const std::string& text);
    std::string host_port() const;
};

}  // namespace switchboard::bench
