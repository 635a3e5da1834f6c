#include "mqtt_packet_reader.hpp"

#include <string_view>

namespace switchboard::bench {

MqttPacketReader::MqttPacketReader(size_t max_packet_bytes) : max_packet_bytes_(max_packet_bytes) {}

void MqttPacketReader::feed(const char* data, size_t size) {
    if (pending_.empty()) {
        view_ = data;
        view_size_ = size;
        view_is_pending_ = false;
    } else {
        pending_.append(data, size);
        view_ = pending_.data();
        view_size_ = pending_.size();
        view_is_pending_ = true;
    }
    offset_ = 0;
}

MqttPacketReader::Status MqttPacketReader::need_more() {
    if (view_is_pending_) pending_.erase(0, offset_);
    else if (view_ != nullptr) pending_.assign(view_ + offset_, view_size_ - offset_);
    view_ = nullptr;
    view_size_ = 0;
    offset_ = 0;
    return Status::need_more;
}

MqttPacketReader::Status MqttPacketReader::next(MqttPacket& packet) {
    if (view_ == nullptr) return Status::need_more;
    std::string_view bytes(view_ + offset_, view_size_ - offset_);
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
    offset_ += at + *length;
    return Status::packet;
}

}  // namespace switchboard::bench
