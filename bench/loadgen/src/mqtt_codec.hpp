#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace switchboard::bench {

// Encodes the MQTT 5.0 packets the benchmark sends, appended to a buffer.
// Version 5 because its "no local" subscription option keeps a publisher
// from receiving its own message, as Switchboard does not echo a message to
// the connection that sent it: both then make group_size - 1 deliveries.
class MqttCodec {
public:
    static void append_connect(std::string& out, std::string_view client_id, uint16_t keepalive_s);
    static void append_subscribe(std::string& out, uint16_t packet_id, std::string_view topic, uint8_t qos,
                                 bool no_local);
    static void append_publish(std::string& out, std::string_view topic, uint8_t qos, uint16_t packet_id,
                               std::string_view payload);
    static void append_puback(std::string& out, uint16_t packet_id);
    static void append_disconnect(std::string& out);

    static void append_remaining_length(std::string& out, uint32_t length);

private:
    static void append_u16(std::string& out, uint16_t value);
    static void append_string(std::string& out, std::string_view text);
};

}  // namespace switchboard::bench
