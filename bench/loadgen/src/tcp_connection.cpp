#include "tcp_connection.hpp"

#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace switchboard::bench {

TcpConnection::TcpConnection(EventLoop& loop, Listener& listener) : loop_(loop), listener_(listener) {}

TcpConnection::~TcpConnection() { close(); }

void TcpConnection::connect(const sockaddr_in& address) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return fail(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    // Requests are small and latency is what we measure: no Nagle delay.
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    int rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address));
    if (rc != 0 && errno != EINPROGRESS) return fail(std::string("connect: ") + std::strerror(errno));
    connecting_ = rc != 0;
    loop_.add(fd_, EPOLLIN | (connecting_ ? EPOLLOUT : 0u), this);
    watching_writable_ = connecting_;
    if (!connecting_) listener_.on_connected();
}

void TcpConnection::flush() {
    if (fd_ < 0 || connecting_) return;
    while (output_offset_ < output_.size()) {
        ssize_t sent = ::send(fd_, output_.data() + output_offset_, output_.size() - output_offset_, MSG_NOSIGNAL);
        if (sent < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            if (errno == EINTR) continue;
            return fail(std::string("send: ") + std::strerror(errno));
        }
        output_offset_ += static_cast<size_t>(sent);
    }
    if (output_offset_ == output_.size()) {
        output_.clear();
        output_offset_ = 0;
    } else if (output_offset_ > output_.size() / 2) {
        output_.erase(0, output_offset_);
        output_offset_ = 0;
    }
    watch_writable(output_offset_ < output_.size());
}

void TcpConnection::close() {
    if (fd_ < 0) return;
    loop_.remove(fd_);
    ::close(fd_);
    fd_ = -1;
    output_.clear();
    output_.shrink_to_fit();
    output_offset_ = 0;
}

void TcpConnection::fail(const std::string& reason) {
    close();
    listener_.on_closed(reason);
}

void TcpConnection::watch_writable(bool on) {
    if (on == watching_writable_ || fd_ < 0) return;
    watching_writable_ = on;
    loop_.modify(fd_, EPOLLIN | (on ? EPOLLOUT : 0u), this);
}

void TcpConnection::on_events(uint32_t events) {
    if (fd_ < 0) return;
    if (connecting_) {
        if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;
        int error = 0;
        socklen_t size = sizeof(error);
        getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) return fail(std::string("connect: ") + std::strerror(error));
        connecting_ = false;
        listener_.on_connected();
        if (fd_ >= 0) flush();
        return;
    }
    if (events & EPOLLOUT) {
        flush();
        if (fd_ < 0) return;
    }
    if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
        ssize_t got = ::recv(fd_, loop_.read_buffer(), loop_.read_buffer_size(), 0);
        if (got > 0) return listener_.on_bytes(loop_.read_buffer(), static_cast<size_t>(got));
        if (got == 0) return fail("closed by the server");
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;
        fail(std::string("recv: ") + std::strerror(errno));
    }
}

}  // namespace switchboard::bench
