#include "line_server.hpp"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

namespace example::line {

namespace {

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

std::string address_text(const sockaddr_in& address) {
    char ip[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &address.sin_addr, ip, sizeof(ip));
    return std::string(ip) + ":" + std::to_string(ntohs(address.sin_port));
}

}  // namespace

LineServer::LineServer(const switchboard::sdk::Host& host, LineConfig config)
    : host_(host), config_(std::move(config)) {}

LineServer::~LineServer() {
    stop();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

void LineServer::start() {
    const std::string where = config_.host + ":" + std::to_string(config_.port);
    wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wake_fd_ < 0) throw switchboard::sdk::Error(SB_ERR_INTERNAL, system_error("eventfd"));
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw switchboard::sdk::Error(SB_ERR_INTERNAL, system_error("socket"));
    int on = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(config_.port);
    inet_pton(AF_INET, config_.host.c_str(), &address.sin_addr);
    if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listen_fd_, SOMAXCONN) != 0)
        throw switchboard::sdk::Error(SB_ERR_UNAVAILABLE, system_error("cannot listen on " + where));
    // Port 0 asks the system for a free port: report the one it chose.
    socklen_t length = sizeof(address);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    host_.info("listening on " + address_text(address));

    thread_ = std::thread([this] { run(); });
}

void LineServer::stop() {
    if (!thread_.joinable()) return;
    stopping_ = true;
    wake();
    thread_.join();
}

sb_status LineServer::send(uint64_t conn, sb_payload* payload) {
    if (payload == nullptr) return SB_ERR_BAD_REQUEST;
    // Retained before the lock and, if refused, released after it.
    switchboard::sdk::PayloadRef reference(host_, payload);
    std::lock_guard lock(mutex_);
    auto it = connections_.find(conn);
    if (it == connections_.end() || it->second->closing()) return SB_ERR_NOT_FOUND;
    if (!it->second->enqueue(std::move(reference), config_.max_send_queue)) {
        // A reader this slow is cut off rather than buffered without bound.
        it->second->close_now();
        wake();
        return SB_ERR_BUSY;
    }
    wake();
    return SB_OK;
}

void LineServer::close(uint64_t conn) {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(conn);
    if (it == connections_.end()) return;
    it->second->close_after_flush();
    wake();
}

void LineServer::wake() noexcept {
    uint64_t one = 1;
    // The counter only needs to be non-zero; a full counter already wakes.
    [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof(one));
}

void LineServer::run() {
    std::vector<pollfd> fds;
    std::vector<LineConnection*> polled;  // the connection behind fds[i + 2]
    std::vector<uint64_t> to_drop;
    while (!stopping_) {
        auto pause_left = std::chrono::ceil<std::chrono::milliseconds>(accept_paused_until_ -
                                                                       std::chrono::steady_clock::now());
        const bool accepting = pause_left.count() <= 0;
        fds.assign({pollfd{wake_fd_, POLLIN, 0}, pollfd{listen_fd_, static_cast<short>(accepting ? POLLIN : 0), 0}});
        polled.clear();
        {
            std::lock_guard lock(mutex_);
            for (auto& [id, connection] : connections_) {
                short events = POLLIN;
                if (connection->has_output()) events |= POLLOUT;
                fds.push_back(pollfd{connection->fd(), events, 0});
                polled.push_back(connection.get());
            }
        }
        if (::poll(fds.data(), fds.size(), accepting ? -1 : static_cast<int>(pause_left.count())) < 0) {
            if (errno == EINTR) continue;
            host_.error(system_error("poll"));
            break;
        }
        if (fds[0].revents & POLLIN) {
            uint64_t count;
            [[maybe_unused]] ssize_t n = ::read(wake_fd_, &count, sizeof(count));
        }
        if (fds[1].revents & POLLIN) accept_connections();

        to_drop.clear();
        for (size_t i = 0; i < polled.size(); ++i) {
            LineConnection& connection = *polled[i];
            const short revents = fds[i + 2].revents;
            if (revents & (POLLIN | POLLHUP | POLLERR)) {
                auto outcome = connection.read_lines(config_.max_line_bytes, [&](std::string_view line) {
                    host_.conn_receive(connection.id(), line);
                });
                if (outcome == LineConnection::ReadOutcome::line_too_long)
                    host_.warn("connection " + std::to_string(connection.id()) + " from " +
                               connection.remote_address() + " sent a line over " +
                               std::to_string(config_.max_line_bytes) + " bytes: closing it");
                if (outcome != LineConnection::ReadOutcome::open) {
                    to_drop.push_back(connection.id());
                    continue;
                }
            }
            std::lock_guard lock(mutex_);
            if ((revents & POLLOUT) && connection.write_queued() == LineConnection::WriteOutcome::failed)
                to_drop.push_back(connection.id());
            else if (connection.should_close())
                to_drop.push_back(connection.id());
        }
        for (uint64_t id : to_drop) drop(id);
    }

    // Stopping: flush what each socket takes without waiting, then close all.
    std::map<uint64_t, std::unique_ptr<LineConnection>> remaining;
    {
        std::lock_guard lock(mutex_);
        remaining.swap(connections_);
    }
    for (auto& [id, connection] : remaining) {
        connection->write_queued();
        host_.conn_closed(id);
    }
}

void LineServer::accept_connections() {
    while (true) {
        sockaddr_in peer{};
        socklen_t length = sizeof(peer);
        int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&peer), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) {
                host_.warn(system_error("accept") + "; not accepting for 1 s");
                accept_paused_until_ = std::chrono::steady_clock::now() + std::chrono::seconds(1);
            } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
                host_.warn(system_error("accept"));
            }
            return;
        }
        int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
        std::string remote = address_text(peer);
        uint64_t id = host_.conn_open(remote, "");
        if (id == 0) {
            ::close(fd);  // the host refuses connections (shutting down)
            continue;
        }
        host_.debug("connection " + std::to_string(id) + " from " + remote);
        std::lock_guard lock(mutex_);
        connections_.emplace(id, std::make_unique<LineConnection>(fd, id, std::move(remote)));
    }
}

void LineServer::drop(uint64_t conn) {
    std::unique_ptr<LineConnection> connection;
    {
        std::lock_guard lock(mutex_);
        auto it = connections_.find(conn);
        if (it == connections_.end()) return;
        connection = std::move(it->second);
        connections_.erase(it);
    }
    host_.conn_closed(conn);
    host_.debug("connection " + std::to_string(conn) + " closed");
}

}  // namespace example::line
