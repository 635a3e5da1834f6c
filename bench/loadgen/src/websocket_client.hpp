#pragma once

#include <string>

#include "link.hpp"
#include "tcp_connection.hpp"
#include "websocket_frame_reader.hpp"
#include "websocket_frame_writer.hpp"
#include "websocket_opcode.hpp"

namespace switchboard::bench {

// A minimal RFC 6455 client: the opening handshake with its accept check,
// masked text or binary messages out, reassembled messages in, pings
// answered, the closing handshake honoured.
class WebSocketClient final : public Link, private TcpConnection::Listener {
public:
    WebSocketClient(size_t index, EventLoop& loop, LinkListener& listener, std::string subprotocol,
                    WebSocketOpcode message_opcode);

    void connect(const Url& url) override;
    void queue(std::string_view payload) override;
    void flush() override;
    void close() override;
    bool is_open() const override { return open_; }

private:
    void on_connected() override;
    void on_bytes(const char* data, size_t size) override;
    void on_closed(const std::string& reason) override;
    void read_handshake(const char* data, size_t size);
    void read_frames();
    void fail(const std::string& reason);

    LinkListener& listener_;
    TcpConnection tcp_;
    std::string subprotocol_;
    WebSocketOpcode message_opcode_;
    WebSocketFrameWriter writer_;
    WebSocketFrameReader reader_;
    std::string handshake_key_;
    std::string host_port_;
    std::string path_;
    std::string response_head_;
    bool open_ = false;
};

}  // namespace switchboard::bench
