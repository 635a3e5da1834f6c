#include "payload_queue.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace switchboard::plugins::transport_websocket {
namespace {

sb_payload* fake(uintptr_t n) { return reinterpret_cast<sb_payload*>(n); }

TEST(PayloadQueue, PopsInOrderAndCountsBytes) {
    PayloadQueue queue;
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.pop(), nullptr);
    queue.push(fake(1), 10);
    queue.push(fake(2), 20);
    EXPECT_EQ(queue.bytes(), 30u);
    EXPECT_EQ(queue.pop(), fake(1));
    EXPECT_EQ(queue.bytes(), 20u);
    EXPECT_EQ(queue.pop(), fake(2));
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.bytes(), 0u);
}

TEST(PayloadQueue, StaysOrderedAcrossCompaction) {
    PayloadQueue queue;
    uintptr_t next_in = 1, next_out = 1;
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 7; ++i) queue.push(fake(next_in++), 1);
        for (int i = 0; i < 5; ++i) ASSERT_EQ(queue.pop(), fake(next_out++));
    }
    EXPECT_EQ(queue.count(), 100u);
    EXPECT_EQ(queue.bytes(), 100u);
    while (!queue.empty()) ASSERT_EQ(queue.pop(), fake(next_out++));
    EXPECT_EQ(next_out, next_in);
}

TEST(PayloadQueue, TakeAllHandsBackWhatIsLeft) {
    PayloadQueue queue;
    queue.push(fake(1), 5);
    queue.push(fake(2), 6);
    queue.push(fake(3), 7);
    queue.pop();
    const std::vector<sb_payload*> left = queue.take_all();
    EXPECT_EQ(left, (std::vector<sb_payload*>{fake(2), fake(3)}));
    EXPECT_TRUE(queue.empty());
    EXPECT_EQ(queue.bytes(), 0u);
}

TEST(PayloadQueue, PopUpToTakesWhatFitsTheBudget) {
    PayloadQueue queue;
    queue.push(fake(1), 40);
    queue.push(fake(2), 50);
    queue.push(fake(3), 20);
    std::vector<sb_payload*> out;
    queue.pop_up_to(100, out);
    EXPECT_EQ(out, (std::vector<sb_payload*>{fake(1), fake(2)}));
    EXPECT_EQ(queue.bytes(), 20u);
    out.clear();
    queue.pop_up_to(100, out);
    EXPECT_EQ(out, (std::vector<sb_payload*>{fake(3)}));
    EXPECT_TRUE(queue.empty());
}

TEST(PayloadQueue, PopUpToTakesOneLargeMessageAlone) {
    PayloadQueue queue;
    queue.push(fake(1), 500);
    queue.push(fake(2), 1);
    std::vector<sb_payload*> out;
    queue.pop_up_to(100, out);
    EXPECT_EQ(out, (std::vector<sb_payload*>{fake(1)}));
    EXPECT_EQ(queue.count(), 1u);
    out.clear();
    queue.pop_up_to(100, out);
    EXPECT_EQ(out, (std::vector<sb_payload*>{fake(2)}));
    out.clear();
    queue.pop_up_to(100, out);
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace switchboard::plugins::transport_websocket
