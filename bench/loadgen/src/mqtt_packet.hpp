#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace switchboard::bench {

// One MQTT 5.0 control packet as read off the wire, with decoders for the
// packets a benchmark client receives. Views point into the reader's
// buffer and stay valid until its next call.
struct MqttPacket {
    enum Type : uint8_t {
        connack = 2,
        publish = 3,
        puback = 4,
        suback = 9,
        pingresp = 13,
        disconnect = 14,
    };

    struct Connack {
        uint8_t reason = 0;
        uint16_t receive_maximum = 65535;  // the protocol's default when absent
    };

    struct Publish {
        std::string_view topic;
        uint8_t qos = 0;
        uint16_t packet_id = 0;
        std::string_view payload;
    };

    // PUBACK and SUBACK: the packet they answer and its (first) reason code.
    struct Ack {
        uint16_t packet_id = 0;
        uint8_t reason = 0;
    };

    uint8_t type = 0;
    uint8_t flags = 0;
    std::string_view body;

    std::optional<Connack> as_connack() const;
    std::optional<Publish> as_publish() const;
    std::optional<Ack> as_puback() const;
    std::optional<Ack> as_suback() const;
    // DISCONNECT's reason code (0 when the server gave none).
    uint8_t disconnect_reason() const;

    // Decodes a variable byte integer at `at`, advancing it.
    static std::optional<uint32_t> read_varint(std::string_view bytes, size_t& at);
};

}  // namespace switchboard::bench
