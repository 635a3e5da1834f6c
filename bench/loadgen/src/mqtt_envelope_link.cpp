#include "mqtt_envelope_link.hpp"

#include "mqtt_codec.hpp"
#include "mqtt_packet.hpp"

namespace switchboard::bench {

namespace {

// Longer than any run, so no ping is due; transport.mqtt's own
// session_idle_timeout (2 min) is longer than a benchmark step too.
constexpr uint16_t kKeepaliveS = 3600;
constexpr uint16_t kSubscribePacketId = 1;

}  // namespace

MqttEnvelopeLink::MqttEnvelopeLink(size_t index, EventLoop& loop, LinkListener& listener, std::string client_id,
                                   std::string_view topic_prefix)
    : Link(index),
      listener_(listener),
      tcp_(index, loop, *this),
      client_id_(std::move(client_id)),
      request_topic_(std::string(topic_prefix) + "/req/" + client_id_),
      reply_topic_(std::string(topic_prefix) + "/res/" + client_id_) {}

void MqttEnvelopeLink::queue(std::string_view payload) {
    packet_.clear();
    MqttCodec::append_publish(packet_, request_topic_, 1, take_packet_id(), payload);
    tcp_.queue(packet_);
}

void MqttEnvelopeLink::close() {
    if (closed_) return;
    if (tcp_.is_open()) {
        packet_.clear();
        MqttCodec::append_disconnect(packet_);
        tcp_.send(packet_);
    }
    tcp_.close();
    closed_ = true;
}

void MqttEnvelopeLink::on_open(Link&) {
    packet_.clear();
    MqttCodec::append_connect(packet_, client_id_, kKeepaliveS);
    MqttCodec::append_subscribe(packet_, kSubscribePacketId, reply_topic_, 1, false);
    tcp_.send(packet_);
}

void MqttEnvelopeLink::on_data(Link&, std::string_view data) {
    reader_.feed(data.data(), data.size());
    MqttPacket packet;
    bool acked = false;
    while (!closed_) {
        MqttPacketReader::Status status = reader_.next(packet);
        if (status == MqttPacketReader::Status::need_more) break;
        if (status == MqttPacketReader::Status::error) return fail("MQTT protocol error: " + reader_.error());
        switch (packet.type) {
            case MqttPacket::connack: {
                auto connack = packet.as_connack();
                if (!connack || connack->reason != 0) return fail("CONNACK refused");
                break;
            }
            case MqttPacket::suback: {
                auto ack = packet.as_suback();
                if (!ack || ack->reason >= 0x80) return fail("SUBSCRIBE to " + reply_topic_ + " refused");
                subscribed_ = true;
                listener_.on_open(*this);
                break;
            }
            case MqttPacket::publish: {
                auto publish = packet.as_publish();
                if (!publish) return fail("malformed PUBLISH");
                if (publish->qos == 1) {
                    std::string ack;
                    MqttCodec::append_puback(ack, publish->packet_id);
                    tcp_.queue(ack);
                    acked = true;
                }
                listener_.on_data(*this, publish->payload);
                break;
            }
            case MqttPacket::disconnect:
                return fail("DISCONNECT from the broker");
            default:
                break;  // PUBACKs of our requests: the envelope's response is what counts
        }
    }
    if (acked && !closed_) tcp_.flush();
}

void MqttEnvelopeLink::on_closed(Link&, const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    listener_.on_closed(*this, reason);
}

void MqttEnvelopeLink::fail(const std::string& reason) {
    tcp_.close();
    on_closed(tcp_, reason);
}

uint16_t MqttEnvelopeLink::take_packet_id() {
    // 1 is the SUBSCRIBE's; publishes cycle through the rest.
    if (next_packet_id_ <= kSubscribePacketId) next_packet_id_ = kSubscribePacketId + 1;
    return next_packet_id_++;
}

}  // namespace switchboard::bench
