#pragma once

#include "link.hpp"
#include "tcp_connection.hpp"

namespace switchboard::bench {

// A link without framing, for protocols that frame themselves (MQTT over
// its plain TCP listener).
class RawTcpLink final : public Link, private TcpConnection::Listener {
public:
    RawTcpLink(size_t index, EventLoop& loop, LinkListener& listener);

    void connect(const Url& url) override;
    void queue(std::string_view payload) override;
    void flush() override;
    void close() override;
    bool is_open() const override { return tcp_.is_open() && connected_; }

private:
    void on_connected() override;
    void on_bytes(const char* data, size_t size) override;
    void on_closed(const std::string& reason) override;

    LinkListener& listener_;
    TcpConnection tcp_;
    bool connected_ = false;
};

}  // namespace switchboard::bench
