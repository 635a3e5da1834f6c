// Switchboard push kit (header-only): the proxy Http2Client's HTTP/2
// connections go through, from the environment as libcurl reads it (which
// the HTTP/1.1 path still does): `https_proxy` or `HTTPS_PROXY`, an http://
// proxy that is asked to CONNECT to the origin (TLS stays end to end), and
// `no_proxy` or `NO_PROXY`, the hosts reached directly (comma-separated
// names, each also covering its subdomains; `*` for all).
#pragma once

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/sdk/push/http_url.hpp"

namespace switchboard::sdk::push {

class HttpProxy {
public:
    // Throws when https_proxy is set but is not an http:// proxy URL.
    static HttpProxy from_environment() {
        HttpProxy proxy;
        std::string url = variable("https_proxy", "HTTPS_PROXY");
        if (url.empty()) return proxy;
        if (url.find("://") == std::string::npos) url = "http://" + url;  // "host:port", as curl takes it
        proxy.url_ = HttpUrl::parse(url);
        if (!proxy.url_ || proxy.url_->tls)
            throw std::runtime_error("https_proxy '" + url + "' is not an http:// proxy URL (http://host:port)");
        if (proxy.url_->port == 80 && url.find(':', url.find("://") + 3) == std::string::npos)
            proxy.url_->port = 1080;  // curl's default proxy port
        std::string exceptions = variable("no_proxy", "NO_PROXY");
        size_t start = 0;
        while (start <= exceptions.size()) {
            size_t comma = exceptions.find(',', start);
            std::string_view entry = std::string_view(exceptions).substr(start, comma - start);
            while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
            while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
            if (!entry.empty() && entry.front() == '.') entry.remove_prefix(1);
            if (!entry.empty()) proxy.direct_.emplace_back(entry);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        return proxy;
    }

    // The proxy for `host`, or nullopt to connect directly.
    std::optional<HttpUrl> for_host(const std::string& host) const {
        if (!url_) return std::nullopt;
        for (const std::string& entry : direct_) {
            if (entry == "*" || entry == host) return std::nullopt;
            if (host.size() > entry.size() && host.compare(host.size() - entry.size(), entry.size(), entry) == 0 &&
                host[host.size() - entry.size() - 1] == '.')
                return std::nullopt;
        }
        return url_;
    }

private:
    static std::string variable(const char* lower, const char* upper) {
        const char* value = std::getenv(lower);
        if (!value || !*value) value = std::getenv(upper);
        return value ? value : "";
    }

    std::optional<HttpUrl> url_;
    std::vector<std::string> direct_;  // no_proxy's entries
};

}  // namespace switchboard::sdk::push
