#include "event_loop.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace switchboard::bench {

namespace {
[[noreturn]] void fail(const char* what) { throw std::runtime_error(std::string(what) + ": " + std::strerror(errno)); }
}  // namespace

EventLoop::EventLoop() : epoll_fd_(epoll_create1(EPOLL_CLOEXEC)), ready_(1024) {
    if (epoll_fd_ < 0) fail("epoll_create1");
}

EventLoop::~EventLoop() { ::close(epoll_fd_); }

void EventLoop::add(int fd, uint32_t events, Handler* handler) {
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) fail("epoll_ctl(ADD)");
}

void EventLoop::modify(int fd, uint32_t events, Handler* handler) {
    epoll_event event{};
    event.events = events;
    event.data.ptr = handler;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) != 0) fail("epoll_ctl(MOD)");
}

void EventLoop::remove(int fd) { epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

int EventLoop::poll(int timeout_ms) {
    int count = epoll_wait(epoll_fd_, ready_.data(), static_cast<int>(ready_.size()), timeout_ms);
    if (count < 0) {
        if (errno == EINTR) return 0;
        fail("epoll_wait");
    }
    for (int i = 0; i < count; ++i) static_cast<Handler*>(ready_[i].data.ptr)->on_events(ready_[i].events);
    return count;
}

}  // namespace switchboard::bench
