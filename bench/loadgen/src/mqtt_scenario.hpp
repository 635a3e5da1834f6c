#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "event_loop.hpp"
#include "metrics.hpp"
#include "mqtt_packet_reader.hpp"
#include "options.hpp"
#include "scenario.hpp"
#include "url.hpp"

namespace switchboard::bench {

// The same fan-out against an MQTT broker: --group-size consecutive clients
// subscribe to one topic (with "no local"), and the first
// --senders-per-group of them publish to it at QoS 1, so the PUBACK plays
// the part of Switchboard's message.send ok. Over ws:// it speaks the 'mqtt'
// WebSocket subprotocol, over tcp:// the plain listener.
class MqttScenario final : public Scenario {
public:
    MqttScenario(const Options& options, const Url& url, EventLoop& loop, Metrics& metrics);

    void open(size_t index) override;
    size_t ready() const override { return ready_; }
    size_t failed() const override { return failed_; }
    size_t disconnected() const override { return disconnected_; }
    const std::string& last_close_reason() const override { return last_close_reason_; }

    void begin_setup() override;
    bool setup_done() const override { return setup_remaining_ == 0; }
    const std::string& setup_error() const override { return setup_error_; }

    void send(int64_t now_ns, uint64_t count) override;
    size_t unanswered() const override { return publishes_.size(); }
    uint64_t fanout() const override;
    std::string describe() const override;
    void close_all() override;

    void on_open(Link& link) override;
    void on_data(Link& link, std::string_view data) override;
    void on_closed(Link& link, const std::string& reason) override;

private:
    enum class PeerState { connecting, accepting, ready, closed };

    struct Peer {
        std::unique_ptr<Link> link;
        MqttPacketReader reader{1024 * 1024};
        PeerState state = PeerState::connecting;
        std::string topic;
        uint16_t next_packet_id = 1;
        uint16_t in_flight = 0;
        uint16_t receive_maximum = 65535;
        bool queued = false;
    };

    void on_packet(size_t index, const MqttPacket& packet, int64_t now_ns);
    void send_next_subscribes();
    uint16_t take_packet_id(size_t index);
    static uint64_t key(size_t index, uint16_t packet_id) { return (static_cast<uint64_t>(index) << 16) | packet_id; }
    void drop(size_t index, const std::string& reason);

    const Options& options_;
    const Url& url_;
    EventLoop& loop_;
    Metrics& metrics_;
    std::vector<Peer> peers_;
    std::vector<size_t> senders_;
    size_t next_sender_ = 0;
    std::vector<size_t> batch_;
    std::unordered_map<uint64_t, int64_t> publishes_;  // (client, packet id) -> send time
    uint64_t next_message_ = 0;
    size_t ready_ = 0;
    size_t failed_ = 0;
    size_t disconnected_ = 0;
    std::string last_close_reason_;
    size_t next_subscribe_ = 0;
    size_t subscribes_in_flight_ = 0;
    size_t setup_remaining_ = 0;
    std::string setup_error_;
    std::string packet_;
};

}  // namespace switchboard::bench
