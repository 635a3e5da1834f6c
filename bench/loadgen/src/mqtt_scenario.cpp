#include "mqtt_scenario.hpp"

#include <cstdio>

#include "bench_body.hpp"
#include "monotonic_clock.hpp"
#include "mqtt_codec.hpp"
#include "raw_tcp_link.hpp"
#include "websocket_client.hpp"

namespace switchboard::bench {

namespace {

constexpr size_t kSubscribesInFlight = 256;
// Longer than any run: idle subscribers send nothing and must not be timed out.
constexpr uint16_t kKeepaliveS = 3600;

std::string hex_byte(uint8_t value) {
    char text[8];
    std::snprintf(text, sizeof(text), "0x%02x", value);
    return text;
}

}  // namespace

MqttScenario::MqttScenario(const Options& options, const Url& url, EventLoop& loop, Metrics& metrics)
    : options_(options), url_(url), loop_(loop), metrics_(metrics), peers_(options.connections) {}

void MqttScenario::open(size_t index) {
    Peer& peer = peers_[index];
    if (url_.scheme == "ws")
        peer.link = std::make_unique<WebSocketClient>(index, loop_, *this, "mqtt", WebSocketOpcode::binary);
    else
        peer.link = std::make_unique<RawTcpLink>(index, loop_, *this);
    if (options_.scenario == "group") peer.topic = "bench/g" + std::to_string(index / options_.group_size);
    peer.link->connect(url_);
}

void MqttScenario::on_open(Link& link) {
    Peer& peer = peers_[link.index()];
    peer.state = PeerState::accepting;
    packet_.clear();
    MqttCodec::append_connect(packet_, options_.user_prefix + std::to_string(link.index()), kKeepaliveS);
    link.send(packet_);
}

uint64_t MqttScenario::fanout() const { return options_.scenario == "group" ? options_.group_size - 1 : 0; }

std::string MqttScenario::describe() const {
    std::string out = "mqtt " + options_.scenario + " over " + (url_.scheme == "ws" ? "WebSocket" : "TCP") + ": " +
                      std::to_string(peers_.size()) + " connections";
    if (options_.scenario == "group")
        out += ", " + std::to_string(peers_.size() / options_.group_size) + " topics of " +
               std::to_string(options_.group_size) + " subscribers (no local, QoS " +
               std::to_string(options_.mqtt_qos) + "), " + std::to_string(options_.senders_per_group) +
               " publishers each (QoS 1)";
    return out;
}

void MqttScenario::begin_setup() {
    if (options_.scenario != "group") return;
    size_t groups = peers_.size() / options_.group_size;
    for (size_t s = 0; s < options_.senders_per_group; ++s)
        for (size_t g = 0; g < groups; ++g) senders_.push_back(g * options_.group_size + s);
    setup_remaining_ = peers_.size();
    send_next_subscribes();
}

void MqttScenario::send_next_subscribes() {
    while (subscribes_in_flight_ < kSubscribesInFlight && next_subscribe_ < peers_.size()) {
        size_t index = next_subscribe_++;
        Peer& peer = peers_[index];
        if (peer.state != PeerState::ready) {
            setup_error_ = "client " + std::to_string(index) + " is not connected";
            return;
        }
        ++subscribes_in_flight_;
        packet_.clear();
        MqttCodec::append_subscribe(packet_, take_packet_id(index), peer.topic, static_cast<uint8_t>(options_.mqtt_qos),
                                    true);
        peer.link->send(packet_);
    }
}

uint16_t MqttScenario::take_packet_id(size_t index) {
    Peer& peer = peers_[index];
    while (true) {
        uint16_t id = peer.next_packet_id++;
        if (peer.next_packet_id == 0) peer.next_packet_id = 1;
        if (id != 0 && !publishes_.count(key(index, id))) return id;
    }
}

void MqttScenario::send(int64_t now_ns, uint64_t count) {
    for (uint64_t n = 0; n < count; ++n) {
        size_t tries = 0;
        while (tries < senders_.size()) {
            const Peer& candidate = peers_[senders_[next_sender_]];
            if (candidate.state == PeerState::ready && candidate.in_flight < candidate.receive_maximum) break;
            next_sender_ = (next_sender_ + 1) % senders_.size();
            ++tries;
        }
        if (tries == senders_.size()) {
            metrics_.on_error("no_sender_below_receive_maximum");
            break;
        }
        size_t index = senders_[next_sender_];
        next_sender_ = (next_sender_ + 1) % senders_.size();
        Peer& peer = peers_[index];
        uint16_t packet_id = take_packet_id(index);
        packet_.clear();
        MqttCodec::append_publish(packet_, peer.topic, 1, packet_id,
                                  BenchBody::make(now_ns, next_message_++, options_.body_bytes));
        publishes_.emplace(key(index, packet_id), now_ns);
        ++peer.in_flight;
        metrics_.on_sent();
        peer.link->queue(packet_);
        if (!peer.queued) {
            peer.queued = true;
            batch_.push_back(index);
        }
    }
    for (size_t index : batch_) {
        peers_[index].queued = false;
        peers_[index].link->flush();
    }
    batch_.clear();
}

void MqttScenario::on_data(Link& link, std::string_view data) {
    int64_t now = monotonic_ns();
    size_t index = link.index();
    Peer& peer = peers_[index];
    peer.reader.feed(data.data(), data.size());
    MqttPacket packet;
    while (peer.state != PeerState::closed) {
        MqttPacketReader::Status status = peer.reader.next(packet);
        if (status == MqttPacketReader::Status::need_more) break;
        if (status == MqttPacketReader::Status::error) return drop(index, "MQTT protocol error: " + peer.reader.error());
        on_packet(index, packet, now);
    }
    if (peer.state != PeerState::closed) link.flush();
}

void MqttScenario::on_packet(size_t index, const MqttPacket& packet, int64_t now_ns) {
    Peer& peer = peers_[index];
    switch (packet.type) {
        case MqttPacket::publish: {
            auto publish = packet.as_publish();
            if (!publish) return metrics_.on_error("malformed_publish");
            if (publish->qos == 1) {
                packet_.clear();
                MqttCodec::append_puback(packet_, publish->packet_id);
                peer.link->queue(packet_);
            }
            if (auto sent = BenchBody::send_time(publish->payload)) metrics_.on_delivered(*sent, now_ns);
            return;
        }
        case MqttPacket::puback: {
            auto ack = packet.as_puback();
            if (!ack) return metrics_.on_error("malformed_puback");
            auto it = publishes_.find(key(index, ack->packet_id));
            if (it == publishes_.end()) return metrics_.on_error("unexpected_puback");
            int64_t sent = it->second;
            publishes_.erase(it);
            --peer.in_flight;
            if (ack->reason >= 0x80) return metrics_.on_error("puback_" + hex_byte(ack->reason));
            metrics_.on_acked(sent, now_ns);
            metrics_.expect_deliveries(fanout());
            return;
        }
        case MqttPacket::connack: {
            auto connack = packet.as_connack();
            if (!connack || connack->reason != 0)
                return drop(index, "CONNACK refused: " + hex_byte(connack ? connack->reason : 0xFF));
            peer.state = PeerState::ready;
            peer.receive_maximum = connack->receive_maximum;
            ++ready_;
            return;
        }
        case MqttPacket::suback: {
            auto ack = packet.as_suback();
            --subscribes_in_flight_;
            if (!ack || ack->reason >= 0x80) {
                setup_error_ = "SUBSCRIBE refused: " + hex_byte(ack ? ack->reason : 0xFF);
                return;
            }
            --setup_remaining_;
            send_next_subscribes();
            return;
        }
        case MqttPacket::disconnect:
            return drop(index, "DISCONNECT from the broker: " + hex_byte(packet.disconnect_reason()));
        default:
            return;
    }
}

void MqttScenario::drop(size_t index, const std::string& reason) {
    Peer& peer = peers_[index];
    peer.link->close();
    on_closed(*peer.link, reason);
}

void MqttScenario::on_closed(Link& link, const std::string& reason) {
    Peer& peer = peers_[link.index()];
    if (peer.state == PeerState::ready) {
        ++disconnected_;
        metrics_.on_error("disconnected");
    } else if (peer.state != PeerState::closed) {
        ++failed_;
    }
    peer.state = PeerState::closed;
    last_close_reason_ = "client " + std::to_string(link.index()) + ": " + reason;
    for (auto it = publishes_.begin(); it != publishes_.end();) {
        if ((it->first >> 16) == link.index()) {
            metrics_.on_error("unanswered_at_disconnect");
            it = publishes_.erase(it);
        } else {
            ++it;
        }
    }
    peer.in_flight = 0;
}

void MqttScenario::close_all() {
    for (Peer& peer : peers_) {
        if (peer.link && peer.link->is_open()) {
            packet_.clear();
            MqttCodec::append_disconnect(packet_);
            peer.link->send(packet_);
        }
        if (peer.link) peer.link->close();
        peer.state = PeerState::closed;
    }
}

}  // namespace switchboard::bench
