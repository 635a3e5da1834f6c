#include "session_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using switchboard::plugins::transport_mqtt::SessionTable;

TEST(SessionTable, OneSessionPerClientId) {
    SessionTable table(1000);
    EXPECT_EQ(table.touch("alice", 1), std::nullopt);
    table.add(7, "alice", "sb/v1/res/alice", 1);
    EXPECT_EQ(table.touch("alice", 2), 7u);
    EXPECT_EQ(table.size(), 1u);
    SessionTable::Reservation r = table.reserve(7, 10);
    EXPECT_EQ(r.status, SB_OK);
    EXPECT_EQ(r.topic, "sb/v1/res/alice");
    EXPECT_EQ(table.reserve(8, 10).status, SB_ERR_NOT_FOUND);
}

TEST(SessionTable, AFullQueueCutsTheClientOff) {
    SessionTable table(100);
    table.add(1, "slow", "t/slow", 0);
    EXPECT_EQ(table.reserve(1, 60).status, SB_OK);
    EXPECT_EQ(table.reserve(1, 40).status, SB_OK);
    SessionTable::Reservation over = table.reserve(1, 1);
    EXPECT_EQ(over.status, SB_ERR_BUSY);
    EXPECT_EQ(over.client_id, "slow");
    EXPECT_EQ(table.reserve(1, 1).status, SB_ERR_NOT_FOUND) << "the session is gone";
    EXPECT_EQ(table.touch("slow", 1), std::nullopt) << "its client id starts afresh";
    EXPECT_EQ(table.take_closed(), std::vector<uint64_t>{1});
    EXPECT_TRUE(table.take_closed().empty()) << "reported once";
}

TEST(SessionTable, AcknowledgementsMakeRoom) {
    SessionTable table(100);
    table.add(1, "c", "t/c", 0);
    EXPECT_EQ(table.reserve(1, 100).status, SB_OK);
    table.release(1, 50);
    EXPECT_EQ(table.reserve(1, 50).status, SB_OK);
    table.release(2, 50);  // unknown: ignored
}

TEST(SessionTable, IdleOfflineCloseAndShutdown) {
    SessionTable table(100);
    table.add(1, "a", "t/a", 0);
    table.add(2, "b", "t/b", 0);
    table.add(3, "c", "t/c", 0);
    table.add(4, "d", "t/d", 0);
    table.touch("b", 50);
    auto idle = table.take_idle(10);
    ASSERT_EQ(idle.size(), 3u);
    EXPECT_EQ(table.size(), 1u);
    table.add(5, "a", "t/a", 60);
    EXPECT_EQ(table.remove_client("a"), 5u);
    EXPECT_EQ(table.remove_client("a"), std::nullopt);
    EXPECT_EQ(table.request_close(2), "t/b");
    EXPECT_EQ(table.request_close(2), std::nullopt);
    table.add(6, "e", "t/e", 60);
    auto all = table.take_all();
    std::sort(all.begin(), all.end());
    EXPECT_EQ(all, (std::vector<uint64_t>{2, 6}));
    EXPECT_EQ(table.size(), 0u);
}
