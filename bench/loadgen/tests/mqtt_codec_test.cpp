#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "mqtt_codec.hpp"
#include "mqtt_packet_reader.hpp"

namespace switchboard::bench {
namespace {

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

struct Copied {
    uint8_t type;
    uint8_t flags;
    std::string body;
};

std::vector<Copied> read_all(const std::string& stream, size_t chunk) {
    MqttPacketReader reader(1 << 20);
    std::vector<Copied> out;
    for (size_t at = 0; at < stream.size(); at += chunk) {
        std::string piece = stream.substr(at, chunk);
        reader.feed(piece.data(), piece.size());
        MqttPacket packet;
        while (reader.next(packet) == MqttPacketReader::Status::packet)
            out.push_back({packet.type, packet.flags, std::string(packet.body)});
    }
    return out;
}

TEST(MqttCodec, EncodesRemainingLengthsAsInTheSpec) {
    struct Case {
        uint32_t value;
        std::string encoded;
    };
    for (const Case& c : {Case{0, bytes({0x00})}, Case{127, bytes({0x7F})}, Case{128, bytes({0x80, 0x01})},
                          Case{16383, bytes({0xFF, 0x7F})}, Case{16384, bytes({0x80, 0x80, 0x01})},
                          Case{2097151, bytes({0xFF, 0xFF, 0x7F})}, Case{268435455, bytes({0xFF, 0xFF, 0xFF, 0x7F})}}) {
        std::string out;
        MqttCodec::append_remaining_length(out, c.value);
        EXPECT_EQ(out, c.encoded) << c.value;
        size_t at = 0;
        EXPECT_EQ(MqttPacket::read_varint(out, at), c.value);
    }
}

TEST(MqttCodec, ConnectIsMqtt5WithCleanStart) {
    std::string out;
    MqttCodec::append_connect(out, "c1", 60);
    EXPECT_EQ(out, bytes({0x10, 15, 0, 4}) + "MQTT" + bytes({5, 0x02, 0, 60, 0, 0, 2}) + "c1");
}

TEST(MqttCodec, SubscribeAsksForNoLocal) {
    std::string out;
    MqttCodec::append_subscribe(out, 7, "t/1", 1, true);
    EXPECT_EQ(out, bytes({0x82, 9, 0, 7, 0, 0, 3}) + "t/1" + bytes({0x05}));
}

TEST(MqttPacketReader, RoundTripsPublishesCutAnywhere) {
    std::string stream;
    std::string big(300, 'p');
    MqttCodec::append_publish(stream, "bench/g0", 1, 513, "hello");
    MqttCodec::append_publish(stream, "bench/g1", 0, 0, big);
    MqttCodec::append_puback(stream, 513);
    for (size_t chunk : {stream.size(), size_t{1}, size_t{5}}) {
        auto packets = read_all(stream, chunk);
        ASSERT_EQ(packets.size(), 3u) << "chunk " << chunk;
        MqttPacket first{packets[0].type, packets[0].flags, packets[0].body};
        auto publish = first.as_publish();
        ASSERT_TRUE(publish);
        EXPECT_EQ(publish->topic, "bench/g0");
        EXPECT_EQ(publish->qos, 1);
        EXPECT_EQ(publish->packet_id, 513);
        EXPECT_EQ(publish->payload, "hello");
        MqttPacket second{packets[1].type, packets[1].flags, packets[1].body};
        auto qos0 = second.as_publish();
        ASSERT_TRUE(qos0);
        EXPECT_EQ(qos0->qos, 0);
        EXPECT_EQ(qos0->payload, big);
        MqttPacket third{packets[2].type, packets[2].flags, packets[2].body};
        auto ack = third.as_puback();
        ASSERT_TRUE(ack);
        EXPECT_EQ(ack->packet_id, 513);
        EXPECT_EQ(ack->reason, 0);
    }
}

TEST(MqttPacket, ReadsReceiveMaximumBehindOtherConnackProperties) {
    // CONNACK: flags, reason 0, properties: max packet size (4 bytes), an
    // assigned client id (string), receive maximum 20.
    std::string body = bytes({0x00, 0x00, 14, 0x27, 0, 0, 1, 0, 0x12, 0, 3}) + "abc" + bytes({0x21, 0, 20});
    MqttPacket packet{MqttPacket::connack, 0, body};
    auto connack = packet.as_connack();
    ASSERT_TRUE(connack);
    EXPECT_EQ(connack->reason, 0);
    EXPECT_EQ(connack->receive_maximum, 20);
}

TEST(MqttPacket, ReadsSubackReasonAfterProperties) {
    std::string body = bytes({0x00, 0x01, 0x00, 0x80});
    MqttPacket packet{MqttPacket::suback, 0, body};
    auto ack = packet.as_suback();
    ASSERT_TRUE(ack);
    EXPECT_EQ(ack->packet_id, 1);
    EXPECT_EQ(ack->reason, 0x80);
}

TEST(MqttPacketReader, RefusesOversizedPackets) {
    MqttPacketReader reader(100);
    std::string stream = bytes({0x30, 0x80, 0x01});
    reader.feed(stream.data(), stream.size());
    MqttPacket packet;
    EXPECT_EQ(reader.next(packet), MqttPacketReader::Status::error);
}

}  // namespace
}  // namespace switchboard::bench
