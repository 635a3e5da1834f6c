#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace switchboard::runtime {

// The kernel thread: every piece of domain state is touched only from here, so
// the domain needs no locks. Other threads (transports, storage) hand work in
// with post(), which is thread-safe.
class EventLoop {
public:
    EventLoop();

    boost::asio::io_context& context() noexcept { return io_; }

    template <class Fn>
    void post(Fn&& fn) {
        boost::asio::post(io_, std::forward<Fn>(fn));
    }

    // Runs fn on the loop after `delay` unless the returned timer is cancel()ed.
    std::shared_ptr<boost::asio::steady_timer> after(std::chrono::milliseconds delay, std::function<void()> fn);

    bool in_loop_thread() const noexcept { return std::this_thread::get_id() == loop_thread_; }

    // Runs the loop on the calling thread until stop().
    void run();
    void stop();

private:
    boost::asio::io_context io_;
    std::thread::id loop_thread_;
};

}  // namespace switchboard::runtime
