#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "event_loop.hpp"
#include "link.hpp"
#include "mqtt_packet_reader.hpp"
#include "raw_tcp_link.hpp"

namespace switchboard::bench {

// Switchboard's envelope through an MQTT broker to transport.mqtt
// (docs/transports.md), as an MQTT 5 client with id `client_id` on the
// broker's plain TCP listener: it subscribes to PREFIX/res/{client_id} and
// is open once the SUBACK came; each queued envelope is one QoS 1 PUBLISH on
// PREFIX/req/{client_id}; each PUBLISH received hands its payload to the
// listener as one message (and is acknowledged when QoS 1).
class MqttEnvelopeLink final : public Link, private LinkListener {
public:
    MqttEnvelopeLink(size_t index, EventLoop& loop, LinkListener& listener, std::string client_id,
                     std::string_view topic_prefix);

    void connect(const Url& url) override { tcp_.connect(url); }
    void queue(std::string_view payload) override;
    void flush() override { tcp_.flush(); }
    void close() override;
    bool is_open() const override { return subscribed_ && tcp_.is_open(); }

private:
    void on_open(Link& link) override;
    void on_data(Link& link, std::string_view data) override;
    void on_closed(Link& link, const std::string& reason) override;
    void fail(const std::string& reason);
    uint16_t take_packet_id();

    LinkListener& listener_;
    RawTcpLink tcp_;
    MqttPacketReader reader_{1024 * 1024};
    std::string client_id_;
    std::string request_topic_;
    std::string reply_topic_;
    std::string packet_;
    uint16_t next_packet_id_ = 1;
    bool subscribed_ = false;
    bool closed_ = false;
};

}  // namespace switchboard::bench
