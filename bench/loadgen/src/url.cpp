#include "url.hpp"

#include <netdb.h>

#include <cstring>
#include <stdexcept>

namespace switchboard::bench {

Url Url::parse(const std::string& text) {
    Url url;
    size_t scheme_end = text.find("://");
    if (scheme_end == std::string::npos) throw std::invalid_argument("URL without a scheme: " + text);
    url.scheme = text.substr(0, scheme_end);
    if (url.scheme != "ws" && url.scheme != "tcp")
        throw std::invalid_argument("URL scheme must be ws:// or tcp:// (no TLS in the load generator): " + text);
    size_t authority_start = scheme_end + 3;
    size_t path_start = text.find('/', authority_start);
    std::string authority = text.substr(authority_start, path_start - authority_start);
    url.path = path_start == std::string::npos ? "/" : text.substr(path_start);
    size_t colon = authority.rfind(':');
    if (colon == std::string::npos) throw std::invalid_argument("URL without a port: " + text);
    url.host = authority.substr(0, colon);
    unsigned long port = std::stoul(authority.substr(colon + 1));
    if (port == 0 || port > 65535) throw std::invalid_argument("URL port out of range: " + text);
    url.port = static_cast<uint16_t>(port);

    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    int rc = getaddrinfo(url.host.c_str(), nullptr, &hints, &found);
    if (rc != 0) throw std::invalid_argument("cannot resolve " + url.host + ": " + gai_strerror(rc));
    std::memcpy(&url.address, found->ai_addr, sizeof(sockaddr_in));
    freeaddrinfo(found);
    url.address.sin_port = htons(url.port);
    return url;
}

std::string Url::host_port() const { return host + ":" + std::to_string(port); }

}  // namespace switchboard::bench
