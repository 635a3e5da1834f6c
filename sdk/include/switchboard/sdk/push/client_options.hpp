// Switchboard push kit (header-only): the option declarations of
// Http2Client::options_from (and client_threads: Http2ClientPool::options_from),
// for a plugin's option table.
#pragma once

#include "switchboard/sdk/plugin.hpp"

namespace switchboard::sdk::push {

struct ClientOptions {
    static constexpr sb_option ca_file() {
        return option("ca_file", SB_OPT_STRING, "", false,
                      "PEM file of the CAs to trust instead of the system's (a private or test server's certificate)");
    }
    static constexpr sb_option timeout() {
        return option("timeout", SB_OPT_DURATION, "10s", false, "Longest wait for one request's answer", 100, 300'000);
    }
    static constexpr sb_option connect_timeout() {
        return option("connect_timeout", SB_OPT_DURATION, "5s", false, "Longest wait for a connection (TCP and TLS)",
                      100, 60'000);
    }
    static constexpr sb_option max_queue() {
        return option("max_queue", SB_OPT_INT, "10000", false,
                      "Notifications waiting for a stream; beyond it send() answers busy and the kernel retries later",
                      1, 10'000'000);
    }
    static constexpr sb_option max_in_flight() {
        return option("max_in_flight", SB_OPT_INT, "1000", false,
                      "Requests on the wire at once (HTTP/2 streams, multiplexed over one connection per host)", 1,
                      100'000);
    }
    static constexpr sb_option max_streams_per_connection() {
        return option("max_streams_per_connection", SB_OPT_INT, "250", false,
                      "HTTP/2 streams on one connection (the provider's own limit may be lower); more in flight open "
                      "another connection",
                      1, 10'000);
    }
    static constexpr sb_option max_connections() {
        return option("max_connections", SB_OPT_INT, "4", false,
                      "Connections per provider host; when all their streams are busy, requests wait", 1, 64);
    }
    static constexpr sb_option client_threads() {
        return option("client_threads", SB_OPT_INT, "2", false,
                      "Threads sending requests, each with its own connections; max_queue, max_in_flight and "
                      "max_connections are shared out among them",
                      1, 16);
    }
};

}  // namespace switchboard::sdk::push
