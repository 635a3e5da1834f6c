#include "line_config.hpp"

#include <arpa/inet.h>

namespace example::line {

LineConfig LineConfig::read(const switchboard::sdk::Host& host) {
    LineConfig config;
    config.host = host.string("host");
    config.port = static_cast<uint16_t>(host.integer("port"));
    config.max_line_bytes = static_cast<size_t>(host.integer("max_line_bytes"));
    config.max_send_queue = static_cast<size_t>(host.integer("max_send_queue"));
    in_addr address{};
    if (inet_pton(AF_INET, config.host.c_str(), &address) != 1)
        throw switchboard::sdk::Error(SB_ERR_BAD_REQUEST, "host: '" + config.host + "' is not an IPv4 address");
    return config;
}

}  // namespace example::line
