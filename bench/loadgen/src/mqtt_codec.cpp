#include "mqtt_codec.hpp"

namespace switchboard::bench {

void MqttCodec::append_remaining_length(std::string& out, uint32_t length) {
    do {
        auto byte = static_cast<uint8_t>(length % 128);
        length /= 128;
        if (length > 0) byte |= 0x80;
        out += static_cast<char>(byte);
    } while (length > 0);
}

void MqttCodec::append_u16(std::string& out, uint16_t value) {
    out += static_cast<char>(value >> 8);
    out += static_cast<char>(value & 0xFF);
}

void MqttCodec::append_string(std::string& out, std::string_view text) {
    append_u16(out, static_cast<uint16_t>(text.size()));
    out += text;
}

void MqttCodec::append_connect(std::string& out, std::string_view client_id, uint16_t keepalive_s) {
    // Protocol name (6) + level (1) + flags (1) + keepalive (2) + no properties (1).
    uint32_t remaining = 11 + 2 + static_cast<uint32_t>(client_id.size());
    out += static_cast<char>(0x10);
    append_remaining_length(out, remaining);
    append_string(out, "MQTT");
    out += static_cast<char>(5);
    out += static_cast<char>(0x02);  // clean start
    append_u16(out, keepalive_s);
    out += static_cast<char>(0);
    append_string(out, client_id);
}

void MqttCodec::append_subscribe(std::string& out, uint16_t packet_id, std::string_view topic, uint8_t qos,
                                 bool no_local) {
    uint32_t remaining = 2 + 1 + 2 + static_cast<uint32_t>(topic.size()) + 1;
    out += static_cast<char>(0x82);
    append_remaining_length(out, remaining);
    append_u16(out, packet_id);
    out += static_cast<char>(0);
    append_string(out, topic);
    out += static_cast<char>((qos & 0x03) | (no_local ? 0x04 : 0));
}

void MqttCodec::append_publish(std::string& out, std::string_view topic, uint8_t qos, uint16_t packet_id,
                               std::string_view payload) {
    uint32_t remaining = 2 + static_cast<uint32_t>(topic.size()) + (qos > 0 ? 2 : 0) + 1 +
                         static_cast<uint32_t>(payload.size());
    out += static_cast<char>(0x30 | ((qos & 0x03) << 1));
    append_remaining_length(out, remaining);
    append_string(out, topic);
    if (qos > 0) append_u16(out, packet_id);
    out += static_cast<char>(0);
    out += payload;
}

void MqttCodec::append_puback(std::string& out, uint16_t packet_id) {
    out += static_cast<char>(0x40);
    out += static_cast<char>(2);
    append_u16(out, packet_id);
}

void MqttCodec::append_disconnect(std::string& out) {
    out += static_cast<char>(0xE0);
    out += static_cast<char>(0);
}

}  // namespace switchboard::bench
