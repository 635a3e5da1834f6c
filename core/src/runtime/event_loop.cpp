#include "switchboard/runtime/event_loop.hpp"

#include <boost/asio/executor_work_guard.hpp>

namespace switchboard::runtime {

EventLoop::EventLoop() : io_(1), loop_thread_(std::this_thread::get_id()) {}

std::shared_ptr<boost::asio::steady_timer> EventLoop::after(std::chrono::milliseconds delay, std::function<void()> fn) {
    auto timer = std::make_shared<boost::asio::steady_timer>(io_, delay);
    // The handler holds the timer, so a fire-and-forget timer lives until it fires.
    timer->async_wait([timer, fn = std::move(fn)](const boost::system::error_code& ec) {
        if (!ec) fn();
    });
    return timer;
}

void EventLoop::run() {
    loop_thread_ = std::this_thread::get_id();
    auto guard = boost::asio::make_work_guard(io_);
    io_.run();
}

void EventLoop::stop() { io_.stop(); }

}  // namespace switchboard::runtime
