#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>

#include "switchboard/sdk/host.hpp"

namespace example::line {

// One client socket: the bytes read but not yet split into lines, and the
// payloads queued for it, each written followed by '\n'.
//
// Threading: the I/O thread alone reads the socket and the input buffer. The
// output queue and the close flags are touched only under LineServer's mutex
// while the connection is in the server's map.
class LineConnection {
public:
    enum class ReadOutcome { open, closed_by_peer, failed, line_too_long };
    enum class WriteOutcome { written, would_block, failed };

    LineConnection(int fd, uint64_t id, std::string remote_address);
    // Closes the socket; payloads still queued are released.
    ~LineConnection();
    LineConnection(const LineConnection&) = delete;
    LineConnection& operator=(const LineConnection&) = delete;

    int fd() const noexcept { return fd_; }
    uint64_t id() const noexcept { return id_; }
    const std::string& remote_address() const noexcept { return remote_address_; }

    // I/O thread. Reads what the socket holds and passes each complete line,
    // without its "\n" or "\r\n", to `on_line`; empty lines are skipped.
    ReadOutcome read_lines(size_t max_line_bytes, const std::function<void(std::string_view)>& on_line);

    // Queues `payload` unless the queue would then hold more than `max_bytes`.
    bool enqueue(switchboard::sdk::PayloadRef payload, size_t max_bytes);
    bool has_output() const noexcept { return !queue_.empty(); }
    // Writes queued payloads until the queue is empty or the socket is full.
    WriteOutcome write_queued();

    // The host's close(): close once what is queued has been written.
    void close_after_flush() noexcept { close_after_flush_ = true; }
    // The send queue overflowed: close now, dropping what is queued.
    void close_now() noexcept { close_now_ = true; }
    bool closing() const noexcept { return close_now_ || close_after_flush_; }
    bool should_close() const noexcept { return close_now_ || (close_after_flush_ && queue_.empty()); }

private:
    void consume_written(size_t bytes);

    int fd_;
    uint64_t id_;
    std::string remote_address_;
    std::string input_;  // never holds a complete line between calls
    std::deque<switchboard::sdk::PayloadRef> queue_;
    size_t queued_bytes_ = 0;   // including one '\n' per payload
    size_t front_written_ = 0;  // bytes of the front payload and its '\n' already written
    bool close_after_flush_ = false;
    bool close_now_ = false;
};

}  // namespace example::line
