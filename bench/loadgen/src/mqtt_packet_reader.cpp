#include "mqtt_packet_reader.hpp"

#include <string_view>

namespace switchboard::bench {

MqttPacketReader::MqttPacketReader(size_t max_packet_bytes) : max_packet_bytes_(max_packet_bytes) {}

MqttPacketReader::Status MqttPacketReader::need_more() {
    window_.keep_rest();
    return Status::need_more;
}

MqttPacketReader::Status MqttPacketReader::next(MqttPacket& packet) {
    if (!window_.fed()) return Status::need_more;
    std::string_view bytes = window_.unread();
    if (bytes.size() < 2) return need_more();
    size_t at = 1;
    auto length = MqttPacket::read_varint(bytes, at);
    if (!length) {
        if (bytes.size() < 5) return need_more();
        error_ = "a malformed remaining length";
        return Status::error;
    }
    if (*length > max_packet_bytes_) {
        error_ = "a packet of " + std::to_string(*length) + " bytes exceeds the limit";
        return Status::error;
    }
    if (bytes.size() < at + *length) return need_more();
    auto first = static_cast<uint8_t>(bytes[0]);
    packet.type = first >> 4;
    packet.flags = first & 0x0F;
    packet.body = bytes.substr(at, *length);
    window_.consume(at + *length);
    return Status::packet;
}

}  // namespace switchboard::bench
