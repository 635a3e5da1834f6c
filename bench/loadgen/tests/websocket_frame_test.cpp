#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "websocket_frame_reader.hpp"
#include "websocket_frame_writer.hpp"

namespace switchboard::bench {
namespace {

struct Message {
    WebSocketOpcode opcode;
    std::string payload;
};

// Feeds `bytes` in chunks of `chunk` and collects what comes out.
std::vector<Message> read_all(WebSocketFrameReader& reader, const std::string& bytes, size_t chunk,
                              bool* failed = nullptr) {
    std::vector<Message> out;
    for (size_t at = 0; at < bytes.size(); at += chunk) {
        std::string piece = bytes.substr(at, chunk);
        reader.feed(piece.data(), piece.size());
        WebSocketOpcode opcode{};
        std::string_view payload;
        while (true) {
            auto status = reader.next(opcode, payload);
            if (status == WebSocketFrameReader::Status::need_more) break;
            if (status == WebSocketFrameReader::Status::error) {
                if (failed) *failed = true;
                return out;
            }
            out.push_back({opcode, std::string(payload)});
        }
    }
    return out;
}

std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values) out += static_cast<char>(v);
    return out;
}

TEST(WebSocketFrameReader, ReadsTheRfcExamples) {
    // RFC 6455 §5.7: an unmasked "Hello", the same fragmented, and an unmasked ping.
    std::string stream = bytes({0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}) + bytes({0x01, 0x03, 0x48, 0x65, 0x6c}) +
                         bytes({0x89, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f}) + bytes({0x80, 0x02, 0x6c, 0x6f});
    for (size_t chunk : {stream.size(), size_t{1}, size_t{3}}) {
        WebSocketFrameReader reader(1 << 20);
        auto messages = read_all(reader, stream, chunk);
        ASSERT_EQ(messages.size(), 3u) << "chunk " << chunk;
        EXPECT_EQ(messages[0].opcode, WebSocketOpcode::text);
        EXPECT_EQ(messages[0].payload, "Hello");
        // The ping between the fragments comes out first.
        EXPECT_EQ(messages[1].opcode, WebSocketOpcode::ping);
        EXPECT_EQ(messages[1].payload, "Hello");
        EXPECT_EQ(messages[2].opcode, WebSocketOpcode::text);
        EXPECT_EQ(messages[2].payload, "Hello");
    }
}

TEST(WebSocketFrameReader, UnmasksTheRfcMaskedExample) {
    WebSocketFrameReader reader(1 << 20);
    auto messages = read_all(reader, bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}), 64);
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(messages[0].payload, "Hello");
}

TEST(WebSocketFrameWriter, MasksEveryFrameAndRoundTripsAllLengthForms) {
    WebSocketFrameWriter writer(42);
    std::string stream;
    std::vector<std::string> payloads;
    for (size_t size : {0, 1, 125, 126, 127, 65535, 65536, 200000}) {
        std::string payload(size, '\0');
        for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + i % 26);
        payloads.push_back(payload);
        size_t start = stream.size();
        writer.append(stream, WebSocketOpcode::binary, payload);
        EXPECT_EQ(static_cast<unsigned char>(stream[start]), 0x82);
        EXPECT_TRUE(static_cast<unsigned char>(stream[start + 1]) & 0x80) << "client frames are masked";
    }
    for (size_t chunk : {stream.size(), size_t{7}, size_t{4096}}) {
        WebSocketFrameReader reader(1 << 20);
        auto messages = read_all(reader, stream, chunk);
        ASSERT_EQ(messages.size(), payloads.size());
        for (size_t i = 0; i < payloads.size(); ++i) EXPECT_EQ(messages[i].payload, payloads[i]) << "message " << i;
    }
}

TEST(WebSocketFrameReader, RefusesProtocolViolations) {
    struct Case {
        const char* name;
        std::string stream;
    };
    for (const Case& c : {Case{"continuation first", bytes({0x80, 0x01, 0x41})},
                          Case{"reserved bit", bytes({0xC1, 0x01, 0x41})},
                          Case{"fragmented ping", bytes({0x09, 0x00})},
                          Case{"text inside a fragmented message", bytes({0x01, 0x01, 0x41, 0x81, 0x01, 0x42})},
                          Case{"unknown opcode", bytes({0x83, 0x00})},
                          Case{"too large", bytes({0x82, 0x7E, 0x10, 0x00})}}) {
        WebSocketFrameReader reader(1024);
        bool failed = false;
        read_all(reader, c.stream, c.stream.size(), &failed);
        EXPECT_TRUE(failed) << c.name;
        EXPECT_FALSE(reader.error().empty()) << c.name;
    }
}

}  // namespace
}  // namespace switchboard::bench
