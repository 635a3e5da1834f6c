#pragma once

#include <libwebsockets.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "connection_registry.hpp"
#include "event_loop.hpp"
#include "switchboard/sdk/host.hpp"
#include "transport_config.hpp"

namespace switchboard::plugins::transport_websocket {

// The libwebsockets side: one context with one vhost and one protocol, served
// by one thread running an EventLoop. Every libwebsockets call happens on that
// thread, except lws_cancel_service() in wake(), which libwebsockets allows
// from any thread, and the context's creation and destruction in
// start()/stop() while the service thread is not running.
//
// Keepalive is a sweep over all connections every second (pings, idle drops)
// rather than libwebsockets' per-connection validity timers: those are kept in
// one sorted list, and re-inserting one per ping and per pong walks it, which
// measured ~20% of a core with 10,000 idle connections.
class WebSocketServer {
public:
    WebSocketServer(const sdk::Host& host, const TransportConfig& config, ConnectionRegistry& registry);
    ~WebSocketServer();
    WebSocketServer(const WebSocketServer&) = delete;
    WebSocketServer& operator=(const WebSocketServer&) = delete;

    // Binds the listening socket and starts the service thread. Throws
    // sdk::Error when the socket or the TLS files cannot be set up.
    void start();
    // Asks every connection to close (1001), gives them a moment, then stops
    // the service thread and destroys the context, which reports every
    // connection still open as closed. Idempotent.
    void stop();
    // Makes the service thread pick up the registry's wake list. Any thread.
    void wake();

private:
    static int dispatch(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len);

    int confirm_upgrade(lws* wsi, std::string_view upgrade);
    int answer_plain_http(lws* wsi, std::string_view uri);
    int establish(lws* wsi, Connection** slot);
    int receive(lws* wsi, Connection& connection, const char* data, size_t len);
    // The writeable callback: a due ping, else queued messages, else the close.
    int write_next(lws* wsi, Connection& connection);
    // Writes what the kernel just queued without waiting for a writeable
    // callback: the socket is nearly always writable, and asking first costs
    // two epoll_ctl() calls and a loop turn per message.
    void write_now(lws* wsi);
    // Frames `out`'s messages (or its text) into one send; releases the payloads.
    bool write_frames(lws* wsi, ConnectionRegistry::Outgoing& out);
    void closed(Connection** slot);
    void handle_wakeups();
    void sweep();
    void schedule_sweep();
    void run();

    // The keepalive sweep's libwebsockets timer, with a way back to us.
    struct SweepTimer {
        lws_sorted_usec_list_t sul;  // first: the timer callback casts back from it
        WebSocketServer* server;
    };

    sdk::Host host_;
    const TransportConfig& config_;
    ConnectionRegistry& registry_;

    lws_retry_bo_t no_validity_checks_{};  // pointed to by the vhost: lives as long as the context
    lws_protocols protocols_[2]{};
    SweepTimer sweep_timer_{};
    std::chrono::milliseconds sweep_period_{};
    std::unique_ptr<EventLoop> loop_;
    lws_context* context_ = nullptr;
    int port_ = 0;  // the port actually listened on (differs from the configured one for 0)

    std::thread service_thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> draining_{false};
    std::mutex wake_mutex_;      // keeps lws_cancel_service() off a context being destroyed
    bool wake_enabled_ = false;  // guarded by wake_mutex_

    std::vector<unsigned char> write_buffer_;  // service thread: LWS_PRE headroom + the frames of one send
};

}  // namespace switchboard::plugins::transport_websocket
