#pragma once

#include <sys/epoll.h>

#include <array>
#include <cstdint>
#include <vector>

namespace switchboard::bench {

// A level-triggered epoll loop on the load generator's single thread.
// Handlers live as long as the loop: a closed connection stays allocated
// until the run ends, so a stale event for a reused descriptor reaches an
// object that ignores it instead of freed memory.
class EventLoop {
public:
    class Handler {
    public:
        virtual void on_events(uint32_t events) = 0;

    protected:
        ~Handler() = default;
    };

    EventLoop();
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    void add(int fd, uint32_t events, Handler* handler);
    void modify(int fd, uint32_t events, Handler* handler);
    void remove(int fd);

    // Waits up to timeout_ms (0: just polls) and dispatches what is ready.
    int poll(int timeout_ms);

    // Scratch space every connection reads into: per-connection buffers only
    // hold the tail of a frame that was cut by a read.
    char* read_buffer() { return read_buffer_.data(); }
    size_t read_buffer_size() const { return read_buffer_.size(); }

private:
    int epoll_fd_;
    std::vector<epoll_event> ready_;
    std::array<char, 256 * 1024> read_buffer_;
};

}  // namespace switchboard::bench
