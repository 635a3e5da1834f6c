// Switchboard push kit (header-only): one request accepted by Http2Client,
// from submit() to its callback, whichever path (HTTP/2 or HTTP/1.1) it
// takes.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>

#include "switchboard/sdk/push/http_request.hpp"
#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/http_url.hpp"

namespace switchboard::sdk::push {

struct HttpTransfer {
    using Callback = std::function<void(HttpResponse&&)>;
    using Clock = std::chrono::steady_clock;
    using Deadlines = std::multimap<Clock::time_point, HttpTransfer*>;

    static constexpr size_t kMaxBody = 1 << 20;  // providers answer small JSON documents
    // The errors of a status 0 answer that callers may compare.
    static constexpr const char* kStopped = "stopped";
    static constexpr const char* kNotResent =
        "the connection closed or refused the stream before an answer; not sent again (the provider may have it)";

    HttpTransfer(HttpRequest r, Callback c) : request(std::move(r)), callback(std::move(c)) {}

    // Appends to the response body up to kMaxBody; false once beyond it.
    bool append_body(const char* data, size_t size) {
        if (response.body.size() + size > kMaxBody) return false;
        response.body.append(data, size);
        return true;
    }

    HttpRequest request;
    Callback callback;
    HttpResponse response;
    HttpUrl url;

    // HTTP/2 bookkeeping (Http2Origin, Http2Connection).
    Deadlines::iterator deadline;  // in its origin's deadlines while it has one
    bool has_deadline = false;
    int32_t stream_id = 0;     // on a connection's stream, or 0
    size_t body_offset = 0;    // request body bytes handed to nghttp2
    bool headers_sent = false; // the server may have the request from here on
    bool answered = false;     // the server ended its response (END_STREAM)
    bool body_too_large = false;
    int attempts = 0;          // streams opened for it (more than one: resent, unprocessed before)
};

}  // namespace switchboard::sdk::push
