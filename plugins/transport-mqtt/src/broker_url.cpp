#include "broker_url.hpp"

#include <charconv>
#include <stdexcept>

namespace switchboard::plugins::transport_mqtt {

namespace {

constexpr int kMqttPort = 1883;
constexpr int kMqttsPort = 8883;

[[noreturn]] void refuse(std::string_view url, const std::string& why) {
    throw std::invalid_argument("'" + std::string(url) + "' is not a broker URL: " + why);
}

}  // namespace

BrokerUrl BrokerUrl::parse(std::string_view url) {
    BrokerUrl parsed;
    std::string_view rest = url;
    if (rest.starts_with("mqtt://")) {
        rest.remove_prefix(7);
        parsed.port = kMqttPort;
    } else if (rest.starts_with("mqtts://")) {
        rest.remove_prefix(8);
        parsed.tls = true;
        parsed.port = kMqttsPort;
    } else {
        refuse(url, "expected mqtt://HOST[:PORT] or mqtts://HOST[:PORT]");
    }
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    if (rest.find_first_of("/?#@") != std::string_view::npos)
        refuse(url, "only a host and a port may follow the scheme (credentials go in username/password)");

    std::string_view port_text;
    if (rest.starts_with("[")) {
        size_t close = rest.find(']');
        if (close == std::string_view::npos) refuse(url, "unclosed '[' around an IPv6 address");
        parsed.host = std::string(rest.substr(1, close - 1));
        rest.remove_prefix(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') refuse(url, "expected ':PORT' after ']'");
            port_text = rest.substr(1);
        }
    } else {
        size_t colon = rest.find(':');
        parsed.host = std::string(rest.substr(0, colon));
        if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
        if (port_text.find(':') != std::string_view::npos)
            refuse(url, "an IPv6 address must be written in brackets, e.g. mqtt://[::1]:1883");
    }
    if (parsed.host.empty()) refuse(url, "no host");
    if (!port_text.empty() || rest.ends_with(":")) {
        int port = 0;
        auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535)
            refuse(url, "the port must be a number from 1 to 65535");
        parsed.port = port;
    }
    return parsed;
}

std::string BrokerUrl::to_string() const {
    const bool ipv6 = host.find(':') != std::string::npos;
    return std::string(tls ? "mqtts://" : "mqtt://") + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace switchboard::plugins::transport_mqtt
