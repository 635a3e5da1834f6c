#include "event_loop.hpp"

#include <ev.h>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::transport_websocket {

EventLoop::EventLoop() {
    // EVFLAG_NOSIGMASK: leave the process's signal mask to the kernel.
    constexpr unsigned kFlags = static_cast<unsigned>(EVFLAG_NOSIGMASK);
    loop_ = ev_loop_new(static_cast<unsigned>(EVBACKEND_EPOLL) | kFlags);
    if (loop_ == nullptr) loop_ = ev_loop_new(static_cast<unsigned>(EVFLAG_AUTO) | kFlags);
    if (loop_ == nullptr) throw sdk::Error(SB_ERR_INTERNAL, "transport.websocket: cannot create a libev event loop");
}

EventLoop::~EventLoop() { ev_loop_destroy(loop_); }

void EventLoop::run() { ev_run(loop_, 0); }

void EventLoop::stop() { ev_break(loop_, EVBREAK_ALL); }

}  // namespace switchboard::plugins::transport_websocket
