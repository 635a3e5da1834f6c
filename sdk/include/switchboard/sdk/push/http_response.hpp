// Switchboard push kit (header-only): the answer to one HttpRequest.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::sdk::push {

struct HttpResponse {
    int32_t status = 0;  // 0: no HTTP answer (connection, TLS, timeout, stopped) — see `error`
    std::string error;   // what failed when status is 0
    std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
    std::string body;

    // The first value of a header (name in lower case), or "".
    std::string_view header(std::string_view name) const {
        for (const auto& [key, value] : headers)
            if (key == name) return value;
        return {};
    }
};

}  // namespace switchboard::sdk::push
