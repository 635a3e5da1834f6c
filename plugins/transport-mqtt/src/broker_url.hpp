#pragma once

#include <string>
#include <string_view>

namespace switchboard::plugins::transport_mqtt {

// Where the broker is: `mqtt://HOST[:PORT]` (plain, port 1883) or
// `mqtts://HOST[:PORT]` (TLS, port 8883); HOST may be `[IPv6]`.
struct BrokerUrl {
    bool tls = false;
    std::string host;
    int port = 0;

    // Throws std::invalid_argument naming what is wrong with `url`.
    static BrokerUrl parse(std::string_view url);
    // The URL again, with the port spelled out (for logs).
    std::string to_string() const;
};

}  // namespace switchboard::plugins::transport_mqtt
