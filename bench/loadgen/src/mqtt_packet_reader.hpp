#pragma once

#include <cstddef>
#include <string>

#include "mqtt_packet.hpp"
#include "stream_window.hpp"

namespace switchboard::bench {

// Cuts an MQTT byte stream into packets, whatever the reads or WebSocket
// messages that carried it; only a packet cut in two is copied.
class MqttPacketReader {
public:
    enum class Status { packet, need_more, error };

    explicit MqttPacketReader(size_t max_packet_bytes);

    // Call next() until it says need_more before feeding again.
    void feed(const char* data, size_t size) { window_.feed(data, size); }
    Status next(MqttPacket& packet);
    const std::string& error() const { return error_; }

private:
    Status need_more();

    size_t max_packet_bytes_;
    StreamWindow window_;
    std::string error_;
};

}  // namespace switchboard::bench
