#pragma once

#include <netinet/in.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "event_loop.hpp"

namespace switchboard::bench {

// A non-blocking client socket: connects, buffers what the kernel does not
// take yet, and hands every read to its listener.
class TcpConnection final : private EventLoop::Handler {
public:
    class Listener {
    public:
        virtual void on_connected() = 0;
        virtual void on_bytes(const char* data, size_t size) = 0;
        // The peer closed, or the socket failed; not called after close().
        virtual void on_closed(const std::string& reason) = 0;

    protected:
        ~Listener() = default;
    };

    TcpConnection(EventLoop& loop, Listener& listener);
    ~TcpConnection();
    TcpConnection(const TcpConnection&) = delete;
    TcpConnection& operator=(const TcpConnection&) = delete;

    void connect(const sockaddr_in& address);

    // Append whole frames to output(), then flush() once: many small frames
    // leave in one send().
    std::string& output() { return output_; }
    void flush();

    void close();
    bool is_open() const { return fd_ >= 0; }
    size_t queued_bytes() const { return output_.size() - output_offset_; }

private:
    void on_events(uint32_t events) override;
    void fail(const std::string& reason);
    void watch_writable(bool on);

    EventLoop& loop_;
    Listener& listener_;
    int fd_ = -1;
    bool connecting_ = false;
    bool watching_writable_ = false;
    std::string output_;
    size_t output_offset_ = 0;
};

}  // namespace switchboard::bench
