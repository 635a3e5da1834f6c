#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "switchboard/sdk/testing/test_host.hpp"
#include "switchboard/transport.h"

namespace switchboard::plugins::transport_websocket::support {

// Loads the built plugin into a TestHost standing in for the kernel and
// records what the plugin reports (opens, messages, closes), with waits.
class TransportHarness {
public:
    struct Opened {
        uint64_t id;
        std::string remote_address;
        std::string user_agent;
    };

    TransportHarness();
    ~TransportHarness();

    // Config before start(); "port" defaults to 0 here.
    void set(const std::string& key, const std::string& value) { host_.set(key, value); }
    void set_list(const std::string& key, std::vector<std::string> items) { host_.set_list(key, std::move(items)); }
    // Creates and starts the plugin and reads the chosen port from its log.
    void start();
    void stop() { host_.stop_and_destroy(); }

    int port() const { return port_; }
    sdk::testing::TestHost& host() { return host_; }
    std::string log_text() const;

    // Kernel side: send `bytes` as a fresh payload (its reference released after the call).
    sb_status send(uint64_t conn, std::string_view bytes);
    void close(uint64_t conn, uint32_t code, std::string_view reason);

    // Behaviour of the stand-in kernel.
    void set_echo(bool echo) { echo_ = echo; }
    void set_refuse_connections(bool refuse) { refuse_ = refuse; }
    // Sent to each new connection from inside conn_open (before the plugin knows its id).
    void set_greeting(std::string greeting) { greeting_ = std::move(greeting); }

    bool wait_for_opened(size_t count, std::chrono::milliseconds timeout);
    bool wait_for_received(size_t count, std::chrono::milliseconds timeout);
    bool wait_for_closed(size_t count, std::chrono::milliseconds timeout);
    // TestHost counts payloads process-wide; the plugin releases a payload
    // just after writing it, so the client may see it first.
    static bool wait_for_no_live_payloads(std::chrono::milliseconds timeout);
    std::vector<Opened> opened() const;
    std::vector<std::pair<uint64_t, std::string>> received() const;
    std::vector<uint64_t> closed() const;

private:
    template <class Predicate>
    bool wait(std::chrono::milliseconds timeout, Predicate predicate);

    sdk::testing::TestHost host_;
    int port_ = 0;
    std::atomic<bool> echo_{false};
    std::atomic<bool> refuse_{false};
    std::atomic<uint64_t> next_id_{1};
    std::string greeting_;

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<Opened> opened_;
    std::vector<std::pair<uint64_t, std::string>> received_;
    std::vector<uint64_t> closed_;
};

}  // namespace switchboard::plugins::transport_websocket::support
