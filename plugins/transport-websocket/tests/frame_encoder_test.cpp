#include "frame_encoder.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace switchboard::plugins::transport_websocket {
namespace {

std::vector<unsigned char> bytes(std::initializer_list<int> values) {
    std::vector<unsigned char> out;
    for (int v : values) out.push_back(static_cast<unsigned char>(v));
    return out;
}

TEST(FrameEncoder, ShortTextHasATwoByteHeader) {
    std::vector<unsigned char> out;
    FrameEncoder::append_text(out, "hi");
    EXPECT_EQ(out, bytes({0x81, 2, 'h', 'i'}));
}

TEST(FrameEncoder, LengthsFrom126UseSixteenBits) {
    std::vector<unsigned char> out;
    FrameEncoder::append_text(out, std::string(126, 'x'));
    ASSERT_EQ(out.size(), 4u + 126u);
    EXPECT_EQ(std::vector<unsigned char>(out.begin(), out.begin() + 4), bytes({0x81, 126, 0, 126}));
    out.clear();
    FrameEncoder::append_text(out, std::string(65535, 'x'));
    EXPECT_EQ(std::vector<unsigned char>(out.begin(), out.begin() + 4), bytes({0x81, 126, 0xFF, 0xFF}));
}

TEST(FrameEncoder, LengthsAbove65535UseSixtyFourBits) {
    std::vector<unsigned char> out;
    FrameEncoder::append_text(out, std::string(65536, 'x'));
    ASSERT_EQ(out.size(), 10u + 65536u);
    EXPECT_EQ(std::vector<unsigned char>(out.begin(), out.begin() + 10),
              bytes({0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0}));
}

TEST(FrameEncoder, AppendsAfterWhatIsThere) {
    std::vector<unsigned char> out{7};
    FrameEncoder::append_text(out, "a");
    FrameEncoder::append_text(out, "");
    EXPECT_EQ(out, bytes({7, 0x81, 1, 'a', 0x81, 0}));
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
