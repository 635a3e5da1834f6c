#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/sdk/testing/test_host.hpp"

namespace example::line::tests {

// Stands in for the kernel behind a TestHost: records the transport
// callbacks the plugin makes from its I/O thread, and lets a test wait for them.
class HostEvents {
public:
    // Installs the callbacks on `host`; this object must outlive the plugin instance.
    explicit HostEvents(switchboard::sdk::testing::TestHost& host);

    // When false, conn_open answers 0 (the host refuses the connection).
    void accept_connections(bool accept);

    struct Received {
        uint64_t conn;
        std::string data;
    };
    std::vector<uint64_t> opened() const;
    std::vector<std::string> remote_addresses() const;
    std::vector<Received> received() const;
    // How many times conn_closed was reported for each connection.
    std::map<uint64_t, int> closed() const;

    // Each waits until the plugin has made that many calls; false after `timeout`.
    bool wait_opened(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    bool wait_received(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(5));
    bool wait_closed(uint64_t conn, std::chrono::milliseconds timeout = std::chrono::seconds(5));

private:
    bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool accept_ = true;
    uint64_t next_conn_ = 1;
    std::vector<uint64_t> opened_;
    std::vector<std::string> remote_addresses_;
    std::vector<Received> received_;
    std::map<uint64_t, int> closed_;
};

}  // namespace example::line::tests
