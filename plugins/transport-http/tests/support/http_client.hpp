#pragma once

#include <map>
#include <string>
#include <vector>

namespace switchboard::plugins::transport_http::testing {

// One HTTP response as a test sees it; header names lower-cased.
struct HttpResponse {
    long status = 0;
    std::map<std::string, std::string> headers;
    std::string body;

    std::string header(const std::string& name) const {
        auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// A blocking libcurl request, bounded to 10 s. The path is sent as given
// (no ".." folding), so tests can try path traversal.
HttpResponse http(const std::string& method, const std::string& url, const std::vector<std::string>& headers = {},
                  const std::string& body = {});

}  // namespace switchboard::plugins::transport_http::testing
