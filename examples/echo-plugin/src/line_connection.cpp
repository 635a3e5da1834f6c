#include "line_connection.hpp"

#include <errno.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>

namespace example::line {

namespace {
constexpr size_t kReadChunk = 64 * 1024;
// Bounded so one busy client cannot keep the I/O thread from the others.
constexpr int kReadChunksPerCall = 16;
constexpr size_t kPayloadsPerWrite = 32;
char kNewline = '\n';
}  // namespace

LineConnection::LineConnection(int fd, uint64_t id, std::string remote_address)
    : fd_(fd), id_(id), remote_address_(std::move(remote_address)) {}

LineConnection::~LineConnection() { ::close(fd_); }

LineConnection::ReadOutcome LineConnection::read_lines(size_t max_line_bytes,
                                                       const std::function<void(std::string_view)>& on_line) {
    std::array<char, kReadChunk> chunk;
    for (int i = 0; i < kReadChunksPerCall; ++i) {
        ssize_t n = ::recv(fd_, chunk.data(), chunk.size(), 0);
        if (n == 0) return ReadOutcome::closed_by_peer;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return ReadOutcome::open;
            return ReadOutcome::failed;
        }
        // Only the new bytes can hold a '\n': input_ never keeps a complete line.
        size_t scan_from = input_.size();
        input_.append(chunk.data(), static_cast<size_t>(n));
        size_t line_start = 0;
        for (size_t newline = input_.find('\n', scan_from); newline != std::string::npos;
             newline = input_.find('\n', line_start)) {
            std::string_view line(input_.data() + line_start, newline - line_start);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.size() > max_line_bytes) return ReadOutcome::line_too_long;
            if (!line.empty()) on_line(line);
            line_start = newline + 1;
        }
        input_.erase(0, line_start);
        if (input_.size() > max_line_bytes) return ReadOutcome::line_too_long;
    }
    return ReadOutcome::open;
}

bool LineConnection::enqueue(switchboard::sdk::PayloadRef payload, size_t max_bytes) {
    size_t size = payload.bytes().size() + 1;
    if (queued_bytes_ + size > max_bytes) return false;
    queued_bytes_ += size;
    queue_.push_back(std::move(payload));
    return true;
}

LineConnection::WriteOutcome LineConnection::write_queued() {
    while (!queue_.empty()) {
        // Several payloads per system call: each is two pieces, its bytes and '\n'.
        std::array<iovec, 2 * kPayloadsPerWrite> pieces;
        size_t count = 0;
        for (size_t i = 0; i < queue_.size() && i < kPayloadsPerWrite; ++i) {
            std::string_view bytes = queue_[i].bytes();
            // Only the front payload can be partly written (it is popped once its '\n' is out).
            size_t offset = i == 0 ? front_written_ : 0;
            if (offset < bytes.size())
                pieces[count++] = iovec{const_cast<char*>(bytes.data()) + offset, bytes.size() - offset};
            pieces[count++] = iovec{&kNewline, 1};
        }
        msghdr message{};
        message.msg_iov = pieces.data();
        message.msg_iovlen = count;
        // MSG_NOSIGNAL: a client gone away must not raise SIGPIPE in the server.
        ssize_t n = ::sendmsg(fd_, &message, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) return WriteOutcome::would_block;
            return WriteOutcome::failed;
        }
        consume_written(static_cast<size_t>(n));
    }
    return WriteOutcome::written;
}

void LineConnection::consume_written(size_t bytes) {
    while (bytes > 0) {
        size_t front_size = queue_.front().bytes().size() + 1;
        size_t taken = std::min(bytes, front_size - front_written_);
        front_written_ += taken;
        bytes -= taken;
        if (front_written_ == front_size) {
            queued_bytes_ -= front_size;
            front_written_ = 0;
            queue_.pop_front();
        }
    }
}

}  // namespace example::line
