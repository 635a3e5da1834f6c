#pragma once

struct ev_loop;

namespace switchboard::plugins::transport_websocket {

// The libev loop libwebsockets runs on. libwebsockets' default poll() loop
// walks every socket on each wakeup, which with 10,000 connections costs
// more than the work itself; libev uses epoll and only touches ready sockets.
// The loop is ours ("foreign" to libwebsockets), so no signal handlers are
// installed behind the kernel's back and the service thread decides when it ends.
class EventLoop {
public:
    // Throws sdk::Error when libev cannot create a loop.
    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // For lws_context_creation_info::foreign_loops.
    void* native() const { return loop_; }
    // Runs until stop() is called from a callback on this loop.
    void run();
    void stop();

private:
    struct ev_loop* loop_;
};

}  // namespace switchboard::plugins::transport_websocket
