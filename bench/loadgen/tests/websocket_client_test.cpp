#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "event_loop.hpp"
#include "monotonic_clock.hpp"
#include "url.hpp"
#include "websocket_client.hpp"
#include "websocket_frame_reader.hpp"
#include "websocket_handshake.hpp"

namespace switchboard::bench {
namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

// A scripted WebSocket server on 127.0.0.1 for one client, on its own
// thread with blocking sockets: it answers the handshake, sends a message
// fragmented around a ping, and records what the client sends back.
class ScriptedServer {
public:
    ScriptedServer() {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
        EXPECT_EQ(::listen(listen_fd_, 4), 0);
        socklen_t size = sizeof(address);
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &size);
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }

    ~ScriptedServer() {
        join();
        ::close(listen_fd_);
    }

    void join() {
        if (thread_.joinable()) thread_.join();
    }

    uint16_t port() const { return port_; }
    const std::vector<std::pair<WebSocketOpcode, std::string>>& received() const { return received_; }
    const std::string& request() const { return request_; }

private:
    void serve() {
        timeval timeout{5, 0};
        setsockopt(listen_fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd < 0) return;
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        char buffer[4096];
        while (request_.find("\r\n\r\n") == std::string::npos) {
            ssize_t got = ::recv(fd, buffer, sizeof(buffer), 0);
            if (got <= 0) return (void)::close(fd);
            request_.append(buffer, static_cast<size_t>(got));
        }
        std::string key_header = "Sec-WebSocket-Key: ";
        size_t at = request_.find(key_header) + key_header.size();
        std::string key = request_.substr(at, request_.find("\r\n", at) - at);
        std::string answer = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                             "Sec-WebSocket-Accept: " + WebSocketHandshake::accept_for(key) + "\r\n\r\n";
        // The first frames ride in the same segment as the handshake answer.
        answer += bytes({0x01, 0x03}) + "Hel" + bytes({0x89, 0x04}) + "beat" + bytes({0x80, 0x02}) + "lo";
        ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);

        // Expect the pong and the client's reply, then close.
        WebSocketFrameReader reader(1 << 20);
        while (received_.size() < 2) {
            ssize_t got = ::recv(fd, buffer, sizeof(buffer), 0);
            if (got <= 0) break;
            reader.feed(buffer, static_cast<size_t>(got));
            WebSocketOpcode opcode{};
            std::string_view payload;
            while (reader.next(opcode, payload) == WebSocketFrameReader::Status::message)
                received_.emplace_back(opcode, std::string(payload));
        }
        std::string close = bytes({0x88, 0x02, 0x03, 0xE8});
        ::send(fd, close.data(), close.size(), MSG_NOSIGNAL);
        ::recv(fd, buffer, sizeof(buffer), 0);  // the client's close echo
        ::close(fd);
    }

    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::thread thread_;
    std::string request_;
    std::vector<std::pair<WebSocketOpcode, std::string>> received_;
};

class RecordingListener : public LinkListener {
public:
    void on_open(Link&) override { opened = true; }
    void on_data(Link& link, std::string_view data) override {
        messages.emplace_back(data);
        link.send("reply to " + std::string(data));
    }
    void on_closed(Link&, const std::string& why) override { reason = why; }

    bool opened = false;
    std::vector<std::string> messages;
    std::optional<std::string> reason;
};

TEST(WebSocketClient, HandshakesReassemblesAnswersPingsAndHonoursClose) {
    ScriptedServer server;
    EventLoop loop;
    RecordingListener listener;
    WebSocketClient client(0, loop, listener, "", WebSocketOpcode::text);
    client.connect(Url::parse("ws://127.0.0.1:" + std::to_string(server.port()) + "/v1/ws"));

    int64_t deadline = monotonic_ns() + 5 * kNsPerSecond;
    while (!listener.reason && monotonic_ns() < deadline) loop.poll(10);

    EXPECT_TRUE(listener.opened);
    ASSERT_EQ(listener.messages.size(), 1u);
    EXPECT_EQ(listener.messages[0], "Hello");
    ASSERT_TRUE(listener.reason.has_value());
    EXPECT_NE(listener.reason->find("1000"), std::string::npos) << *listener.reason;
    EXPECT_FALSE(client.is_open());

    server.join();
    EXPECT_NE(server.request().find("Sec-WebSocket-Version: 13"), std::string::npos);
    ASSERT_EQ(server.received().size(), 2u);
    EXPECT_EQ(server.received()[0].first, WebSocketOpcode::pong);
    EXPECT_EQ(server.received()[0].second, "beat");
    EXPECT_EQ(server.received()[1].first, WebSocketOpcode::text);
    EXPECT_EQ(server.received()[1].second, "reply to Hello");
}

}  // namespace
}  // namespace switchboard::bench
