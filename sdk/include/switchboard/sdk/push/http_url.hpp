// Switchboard push kit (header-only): the parts of an http:// or https://
// URL that Http2Client needs to pick a connection and write a request.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace switchboard::sdk::push {

struct HttpUrl {
    bool tls = true;        // https
    std::string host;       // without the brackets of an IPv6 literal
    uint16_t port = 443;
    std::string authority;  // host[:port] as written in the URL: HTTP/2's :authority
    std::string path;       // path and query, at least "/"

    // The URL's parts, or nullopt when it is not an absolute http(s) URL.
    // A space or control character anywhere refuses it: a URL carries them
    // percent-encoded, and a Web Push endpoint comes from a client, so none
    // may reach a request line or :path (header injection downstream).
    static std::optional<HttpUrl> parse(std::string_view url) {
        if (std::any_of(url.begin(), url.end(), [](char c) {
                return static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) == 0x7f;
            }))
            return std::nullopt;
        HttpUrl parsed;
        if (url.rfind("https://", 0) == 0) {
            url.remove_prefix(8);
        } else if (url.rfind("http://", 0) == 0) {
            url.remove_prefix(7);
            parsed.tls = false;
            parsed.port = 80;
        } else {
            return std::nullopt;
        }
        size_t end = url.find_first_of("/?#");
        std::string_view authority = url.substr(0, end);
        std::string_view rest = end == std::string_view::npos ? std::string_view() : url.substr(end);
        rest = rest.substr(0, rest.find('#'));
        if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
        std::string_view host = authority, port;
        if (authority.front() == '[') {
            size_t close = authority.find(']');
            if (close == std::string_view::npos) return std::nullopt;
            host = authority.substr(1, close - 1);
            std::string_view after = authority.substr(close + 1);
            if (!after.empty() && after.front() != ':') return std::nullopt;
            if (!after.empty()) port = after.substr(1);
        } else if (size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
        }
        if (host.empty()) return std::nullopt;
        if (!port.empty()) {
            unsigned value = 0;
            for (char c : port) {
                if (c < '0' || c > '9' || value > 65535) return std::nullopt;
                value = value * 10 + static_cast<unsigned>(c - '0');
            }
            if (value == 0 || value > 65535) return std::nullopt;
            parsed.port = static_cast<uint16_t>(value);
        }
        parsed.host = host;
        parsed.authority = authority;
        parsed.path = rest.empty() || rest.front() != '/' ? "/" + std::string(rest) : std::string(rest);
        return parsed;
    }

    // "host:port": the key of the connections Http2Client keeps per origin.
    std::string origin() const { return host + ":" + std::to_string(port); }
};

}  // namespace switchboard::sdk::push
