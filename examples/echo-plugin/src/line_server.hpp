#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "line_config.hpp"
#include "line_connection.hpp"
#include "switchboard/sdk/host.hpp"

namespace example::line {

// The listening socket and every connection, served by one I/O thread with
// poll(). Each line a client sends goes to the host as one request; send() and
// close() may come from any host thread: they act under mutex_ and wake the
// I/O thread through an eventfd, so they never block on a socket.
class LineServer {
public:
    LineServer(const switchboard::sdk::Host& host, LineConfig config);
    ~LineServer();
    LineServer(const LineServer&) = delete;
    LineServer& operator=(const LineServer&) = delete;

    // Control thread. Binds, listens and starts the I/O thread; throws
    // switchboard::sdk::Error when the address cannot be bound.
    void start();
    // Control thread. Writes what each socket takes of its queue, closes every
    // connection (reporting conn_closed for each) and joins the I/O thread.
    void stop();

    // Any thread, non-blocking (sb_transport_vtable semantics).
    sb_status send(uint64_t conn, sb_payload* payload);
    void close(uint64_t conn);

private:
    void run();
    void accept_connections();
    // Removes the connection, closes its socket and reports conn_closed.
    void drop(uint64_t conn);
    void wake() noexcept;

    switchboard::sdk::Host host_;
    const LineConfig config_;
    int listen_fd_ = -1;
    // Out of file descriptors: accepting again at once would spin, so wait until then.
    std::chrono::steady_clock::time_point accept_paused_until_{};
    int wake_fd_ = -1;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::map<uint64_t, std::unique_ptr<LineConnection>> connections_;  // guarded by mutex_; erased only by the I/O thread
};

}  // namespace example::line
