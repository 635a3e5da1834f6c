#pragma once

#include <cstddef>
#include <string>

#include "mqtt_packet.hpp"

namespace switchboard::bench {

// Cuts an MQTT byte stream into packets, whatever the reads or WebSocket
// messages that carried it; only a packet cut in two is copied.
class MqttPacketReader {
public:
    enum class Status { packet, need_more, error };

    explicit MqttPacketReader(size_t max_packet_bytes);

    // Call next() until it says need_more before feeding again.
    void feed(const char* data, size_t size);
    Status next(MqttPacket& packet);
    const std::string& error() const { return error_; }

private:
    Status need_more();

    size_t max_packet_bytes_;
    std::string pending_;
    const char* view_ = nullptr;
    size_t view_size_ = 0;
    size_t offset_ = 0;
    bool view_is_pending_ = false;
    std::string error_;
};

}  // namespace switchboard::bench
