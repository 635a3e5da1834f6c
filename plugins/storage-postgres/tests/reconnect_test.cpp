// storage.postgres when PostgreSQL goes away: sessions ended by the server
// are replaced without the host noticing; while the server is down every
// call completes with SB_ERR_UNAVAILABLE (never a crash, never a lost done);
// when it is back, calls succeed again.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "plugin_calls.hpp"
#include "private_cluster.hpp"
#include "switchboard/sdk/testing/test_host.hpp"
#include "test_schema.hpp"

namespace switchboard::plugins::storage_postgres {
namespace {

using sdk::testing::TestHost;
using testing::PluginCalls;
using testing::PrivateCluster;
using testing::TestSchema;

TEST(StoragePostgresReconnect, SessionsTheServerEndsAreReplaced) {
    TestSchema schema;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    host.set("url", TestSchema::url() + "?application_name=" + schema.name());
    host.set("schema", schema.name());
    host.set("pool_size", "2");
    host.create_and_start();
    PluginCalls calls(host);
    ASSERT_EQ(calls.user_create("u1", "alice").first, SB_OK);
    ASSERT_EQ(calls.user_get("u1").first, SB_OK);

    EXPECT_EQ(TestSchema::admin("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                " WHERE application_name = '" +
                                schema.name() + "'")[0][0]
                  .as<int>(),
              2);

    auto read = calls.user_get("u1");
    EXPECT_EQ(read.first, SB_OK) << read.second;
    auto write = calls.user_create("u2", "bob");
    EXPECT_EQ(write.first, SB_OK) << write.second;
    EXPECT_EQ(schema.scalar("SELECT count(*) FROM users"), "2");
}

TEST(StoragePostgresReconnect, UnavailableWhileTheServerIsDownThenBackToWork) {
    PrivateCluster cluster;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    host.set("url", cluster.url());
    host.set("connect_timeout", "2s");
    host.create_and_start();
    PluginCalls calls(host);
    ASSERT_EQ(calls.user_create("u1", "alice").first, SB_OK);

    cluster.pause();
    for (int i = 0; i < 3; ++i) {
        auto write = calls.user_create("down" + std::to_string(i), "down" + std::to_string(i));
        EXPECT_EQ(write.first, SB_ERR_UNAVAILABLE) << write.second;
        auto read = calls.user_get("u1");
        EXPECT_EQ(read.first, SB_ERR_UNAVAILABLE) << read.second;
    }

    cluster.resume();
    // Reconnection is attempted at most once a second per connection.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    std::pair<sb_status, std::string> read, write;
    do {
        read = calls.user_get("u1");
        write = calls.user_create("back", "back");
        if (write.first == SB_ERR_CONFLICT) write.first = SB_OK;  // stored by an earlier round
        if (read.first == SB_OK && write.first == SB_OK) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    } while (std::chrono::steady_clock::now() < deadline);
    EXPECT_EQ(read.first, SB_OK) << read.second;
    EXPECT_EQ(write.first, SB_OK) << write.second;
    EXPECT_EQ(calls.user_get("down0").first, SB_ERR_NOT_FOUND);
    host.stop_and_destroy();
}

}  // namespace
}  // namespace switchboard::plugins::storage_postgres
