#include "mqtt_packet.hpp"

namespace switchboard::bench {

namespace {

std::optional<uint16_t> read_u16(std::string_view bytes, size_t& at) {
    if (at + 2 > bytes.size()) return std::nullopt;
    auto value = static_cast<uint16_t>((static_cast<unsigned char>(bytes[at]) << 8) | static_cast<unsigned char>(bytes[at + 1]));
    at += 2;
    return value;
}

// Size of a property's value by its identifier (MQTT 5.0 §2.2.2.2), so the
// properties before Receive Maximum can be skipped; 0 for one we cannot size.
size_t property_value_size(uint8_t id, std::string_view bytes, size_t at) {
    switch (id) {
        case 0x01: case 0x17: case 0x19: case 0x24: case 0x25: case 0x28: case 0x29: case 0x2A:
            return 1;
        case 0x13: case 0x21: case 0x22: case 0x23:
            return 2;
        case 0x02: case 0x11: case 0x18: case 0x27:
            return 4;
        case 0x03: case 0x08: case 0x09: case 0x12: case 0x15: case 0x16: case 0x1A: case 0x1C: case 0x1F: {
            size_t cursor = at;
            auto length = read_u16(bytes, cursor);
            return length ? 2 + *length : 0;
        }
        case 0x26: {
            size_t cursor = at;
            auto key = read_u16(bytes, cursor);
            if (!key) return 0;
            cursor += *key;
            auto value = read_u16(bytes, cursor);
            return value ? 4 + *key + *value : 0;
        }
        default:
            return 0;
    }
}

}  // namespace

std::optional<uint32_t> MqttPacket::read_varint(std::string_view bytes, size_t& at) {
    uint32_t value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
        if (at >= bytes.size()) return std::nullopt;
        auto byte = static_cast<unsigned char>(bytes[at++]);
        value |= static_cast<uint32_t>(byte & 0x7F) << shift;
        if (!(byte & 0x80)) return value;
    }
    return std::nullopt;
}

std::optional<MqttPacket::Connack> MqttPacket::as_connack() const {
    if (type != connack || body.size() < 2) return std::nullopt;
    Connack out;
    out.reason = static_cast<uint8_t>(body[1]);
    size_t at = 2;
    auto length = read_varint(body, at);
    if (!length || at + *length > body.size()) return out;
    size_t end = at + *length;
    while (at < end) {
        auto id = static_cast<uint8_t>(body[at++]);
        if (id == 0x21) {
            if (auto value = read_u16(body, at)) out.receive_maximum = *value;
            break;
        }
        size_t skip = property_value_size(id, body, at);
        if (skip == 0) break;
        at += skip;
    }
    return out;
}

std::optional<MqttPacket::Publish> MqttPacket::as_publish() const {
    if (type != publish) return std::nullopt;
    Publish out;
    out.qos = (flags >> 1) & 0x03;
    size_t at = 0;
    auto topic_length = read_u16(body, at);
    if (!topic_length || at + *topic_length > body.size()) return std::nullopt;
    out.topic = body.substr(at, *topic_length);
    at += *topic_length;
    if (out.qos > 0) {
        auto id = read_u16(body, at);
        if (!id) return std::nullopt;
        out.packet_id = *id;
    }
    auto properties = read_varint(body, at);
    if (!properties || at + *properties > body.size()) return std::nullopt;
    at += *properties;
    out.payload = body.substr(at);
    return out;
}

std::optional<MqttPacket::Ack> MqttPacket::as_puback() const {
    if (type != puback) return std::nullopt;
    size_t at = 0;
    auto id = read_u16(body, at);
    if (!id) return std::nullopt;
    return Ack{*id, at < body.size() ? static_cast<uint8_t>(body[at]) : uint8_t{0}};
}

std::optional<MqttPacket::Ack> MqttPacket::as_suback() const {
    if (type != suback) return std::nullopt;
    size_t at = 0;
    auto id = read_u16(body, at);
    if (!id) return std::nullopt;
    auto properties = read_varint(body, at);
    if (!properties || at + *properties >= body.size()) return std::nullopt;
    at += *properties;
    return Ack{*id, static_cast<uint8_t>(body[at])};
}

uint8_t MqttPacket::disconnect_reason() const { return body.empty() ? 0 : static_cast<uint8_t>(body[0]); }

}  // namespace switchboard::bench
