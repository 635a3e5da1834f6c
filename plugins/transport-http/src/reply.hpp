#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace switchboard::plugins::transport_http {

// An HTTP response before it becomes an MHD_Response: a status, headers and
// either a body or a byte range of an open file (which the response closes).
struct Reply {
    unsigned status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int fd = -1;
    uint64_t offset = 0;
    uint64_t length = 0;

    Reply& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    // A JSON body.
    static Reply json(unsigned status, std::string body);
    // {"error": {"code": CODE, "message": MESSAGE}}, or a whole error envelope
    // {"id": null, "ok": false, "error": {...}} for /v1/rpc (`envelope`).
    static Reply error(unsigned status, std::string_view code, std::string_view message, bool envelope = false);
};

// The HTTP status for a wire error code ("bad_request" -> 400, …).
unsigned http_status_for(std::string_view code);

}  // namespace switchboard::plugins::transport_http
