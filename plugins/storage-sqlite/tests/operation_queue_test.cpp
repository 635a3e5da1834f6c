#include "exec/operation.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace switchboard::plugins::storage_sqlite {
namespace {

using exec::Operation;
using exec::OperationQueue;

Operation noop() {
    return Operation{"noop", [](db::Connection&) { return sdk::storage::Reply::ok(); }, {}};
}

TEST(OperationQueue, RefusesBeforeOpenAndAfterClose) {
    OperationQueue queue(10);
    EXPECT_EQ(queue.push(noop()), SB_ERR_UNAVAILABLE);
    queue.open();
    EXPECT_EQ(queue.push(noop()), SB_OK);
    queue.close();
    EXPECT_EQ(queue.push(noop()), SB_ERR_UNAVAILABLE);
}

TEST(OperationQueue, RefusesWithBusyWhenFull) {
    OperationQueue queue(2);
    queue.open();
    EXPECT_EQ(queue.push(noop()), SB_OK);
    EXPECT_EQ(queue.push(noop()), SB_OK);
    EXPECT_EQ(queue.push(noop()), SB_ERR_BUSY);
}

TEST(OperationQueue, PopTakesUpToMaxAndDrainsAfterClose) {
    OperationQueue queue(10);
    queue.open();
    for (int i = 0; i < 5; ++i) queue.push(noop());
    queue.close();
    std::vector<Operation> out;
    EXPECT_TRUE(queue.pop(out, 3));
    EXPECT_EQ(out.size(), 3u);
    EXPECT_TRUE(queue.pop(out, 3));
    EXPECT_EQ(out.size(), 5u);
    EXPECT_FALSE(queue.pop(out, 3));
}

TEST(OperationQueue, TakeReadyTopsUpWithoutWaiting) {
    OperationQueue queue(10);
    queue.open();
    std::vector<Operation> out;
    queue.take_ready(out, 4);
    EXPECT_TRUE(out.empty());
    for (int i = 0; i < 5; ++i) queue.push(noop());
    out.push_back(noop());
    queue.take_ready(out, 4);
    EXPECT_EQ(out.size(), 4u);
    queue.take_ready(out, 4);
    EXPECT_EQ(out.size(), 4u);
    EXPECT_TRUE(queue.pop(out, 10));
    EXPECT_EQ(out.size(), 6u);
}

TEST(OperationQueue, CloseWakesAWaitingConsumer) {
    OperationQueue queue(10);
    queue.open();
    std::thread consumer([&] {
        std::vector<Operation> out;
        EXPECT_FALSE(queue.pop(out, 1));
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    queue.close();
    consumer.join();
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
