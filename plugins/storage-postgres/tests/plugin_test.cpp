// storage.postgres through its C ABI, loaded like the server loads it: options,
// start against a server that is not there, the schema it creates, migrate
// on demand and `migrate: false`, a newer schema refused, group commit.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "db/schema.hpp"
#include "plugin_calls.hpp"
#include "switchboard/sdk/testing/test_host.hpp"
#include "test_schema.hpp"

namespace switchboard::plugins::storage_postgres {
namespace {

using sdk::testing::TestHost;
using testing::PluginCalls;
using testing::TestSchema;

const std::string kLatestVersion = std::to_string(db::schema_migrations().size());

bool logged(const TestHost& host, const std::string& text) {
    auto logs = host.logs();
    return std::any_of(logs.begin(), logs.end(),
                       [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

std::string all_logs(const TestHost& host) {
    std::string text;
    for (const auto& line : host.logs()) text += line + "\n";
    return text;
}

// The test's schema, and its name as the connections' application_name.
void configure(TestHost& host, const TestSchema& schema) {
    host.set("url", TestSchema::url() + "?application_name=" + schema.name());
    host.set("schema", schema.name());
}

TEST(StoragePostgresPlugin, DeclaresItselfItsOptionsAndMigrate) {
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    const sb_plugin_descriptor& d = host.descriptor();
    EXPECT_STREQ(d.id, "storage.postgres");
    EXPECT_EQ(d.kind, static_cast<uint32_t>(SB_KIND_STORAGE));
    std::set<std::string> names;
    for (uint32_t i = 0; i < d.option_count; ++i) names.insert(d.options[i].name);
    EXPECT_EQ(names, (std::set<std::string>{"url", "schema", "pool_size", "max_batch", "max_queue", "connect_timeout",
                                            "statement_timeout", "migrate"}));
    EXPECT_TRUE(SB_HAS(host.vtable<sb_storage_vtable>(), migrate));
    EXPECT_NE(host.vtable<sb_storage_vtable>()->migrate, nullptr);
}

TEST(StoragePostgresPlugin, RefusesInvalidOptionsNamingThem) {
    for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{{"url", "postgresql://[::1/db"},
                                                                              {"url", "host=h port"},
                                                                              {"schema", "Has-Dash"},
                                                                              {"schema", "9lives"},
                                                                              {"pool_size", "1"},
                                                                              {"max_batch", "0"},
                                                                              {"connect_timeout", "500ms"}}) {
        TestHost host(STORAGE_POSTGRES_PLUGIN);
        host.set("url", TestSchema::url());
        host.set(key, value);
        try {
            host.create();
            ADD_FAILURE() << key << "=" << value << " was accepted";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("option '" + key + "'"), std::string::npos) << e.what();
        }
    }
}

TEST(StoragePostgresPlugin, StartFailsClearlyWhenTheServerCannotBeReached) {
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    host.set("url", "postgresql://switchboard@127.0.0.1:1/switchboard");
    host.set("connect_timeout", "1s");
    try {
        host.create_and_start();
        FAIL() << "started without a server";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "start failed: cannot connect to PostgreSQL at postgresql://switchboard@127.0.0.1:1/switchboard: "),
                  std::string::npos)
            << e.what();
    }
}

TEST(StoragePostgresPlugin, StartCreatesTheSchemaAtTheLatestVersion) {
    TestSchema schema;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    host.set("pool_size", "3");
    host.create_and_start();
    EXPECT_TRUE(logged(host, "info: applying schema migration 1: ")) << all_logs(host);
    EXPECT_TRUE(logged(host, "; schema " + schema.name() + " at version " + kLatestVersion +
                                 "; 3 connections: 1 writer, 2 reader(s)"))
        << all_logs(host);
    EXPECT_EQ(schema.scalar("SELECT max(version) FROM schema_migrations"), kLatestVersion);
    EXPECT_EQ(schema.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = '" + schema.name() + "'"),
              "3");
    PluginCalls calls(host);
    EXPECT_EQ(calls.user_create("u1", "alice").first, SB_OK);
    EXPECT_EQ(schema.scalar("SELECT username FROM users WHERE user_id = 'u1'"), "alice");
}

TEST(StoragePostgresPlugin, MigrateRunsOnDemandAndMigrateFalseRefusesAnOutdatedSchema) {
    TestSchema schema;
    {
        TestHost host(STORAGE_POSTGRES_PLUGIN);
        configure(host, schema);
        host.set("migrate", "false");
        try {
            host.create_and_start();
            FAIL() << "started on an empty schema with migrate: false";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("the database schema is at version 0 but this storage.postgres needs " +
                                                 kLatestVersion +
                                                 ", and its option migrate is false: apply the migrations with "
                                                 "`switchboard migrate --config FILE`"),
                      std::string::npos)
                << e.what();
        }
        EXPECT_EQ(schema.scalar("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema.name() + "'"), "0");
    }
    {
        TestHost host(STORAGE_POSTGRES_PLUGIN);
        configure(host, schema);
        host.set("migrate", "false");
        host.create();
        sdk::ErrorBuffer err;
        ASSERT_EQ(host.vtable<sb_storage_vtable>()->migrate(host.instance(), err.get()), SB_OK) << err.message();
        EXPECT_TRUE(logged(host, "info: applying schema migration 1: ")) << all_logs(host);
        EXPECT_TRUE(logged(host, "info: schema " + schema.name() + " of postgresql://switchboard@127.0.0.1:"))
            << all_logs(host);
        EXPECT_TRUE(logged(host, " migrated from version 0 to " + kLatestVersion)) << all_logs(host);
        ASSERT_EQ(host.vtable<sb_storage_vtable>()->migrate(host.instance(), err.get()), SB_OK) << err.message();
        EXPECT_TRUE(logged(host, " is current (version " + kLatestVersion + "): nothing to apply")) << all_logs(host);
    }
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    host.set("migrate", "false");
    host.create_and_start();
    EXPECT_FALSE(logged(host, "applying schema migration"));
    EXPECT_EQ(PluginCalls(host).user_create("u1", "alice").first, SB_OK);
}

TEST(StoragePostgresPlugin, MigrateReportsAnUnreachableServer) {
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    host.set("url", "postgresql://switchboard@127.0.0.1:1/switchboard");
    host.create();
    sdk::ErrorBuffer err;
    EXPECT_EQ(host.vtable<sb_storage_vtable>()->migrate(host.instance(), err.get()), SB_ERR_UNAVAILABLE);
    EXPECT_NE(std::string(err.message()).find("cannot connect to PostgreSQL at "), std::string::npos) << err.message();
}

TEST(StoragePostgresPlugin, RefusesADatabaseWrittenByANewerVersion) {
    TestSchema schema;
    {
        TestHost host(STORAGE_POSTGRES_PLUGIN);
        configure(host, schema);
        host.create_and_start();
    }
    schema.sql("INSERT INTO schema_migrations (version, description, applied_at) VALUES (99, 'future', 0)");
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    try {
        host.create_and_start();
        FAIL() << "a database at schema version 99 was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("schema is at version 99, newer than"), std::string::npos) << e.what();
    }
}

TEST(StoragePostgresPlugin, ManyCallersShareCommitsAndAConflictFailsAlone) {
    TestSchema schema;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    host.create_and_start();
    PluginCalls calls(host);
    std::vector<sdk::testing::StorageCompletion*> completions;
    for (int i = 0; i < 500; ++i) {
        std::string name = i % 50 == 49 ? "taken" : "user" + std::to_string(i);  // 10 callers want "taken"
        completions.push_back(&calls.user_create_async("u" + std::to_string(i), name));
        ASSERT_EQ(calls.rejected, SB_OK);
    }
    int ok = 0, conflicts = 0;
    for (auto* completion : completions) {
        ASSERT_TRUE(completion->wait());
        ASSERT_EQ(completion->calls(), 1);
        if (completion->status() == SB_OK) ++ok;
        if (completion->status() == SB_ERR_CONFLICT) ++conflicts;
    }
    EXPECT_EQ(ok, 491);
    EXPECT_EQ(conflicts, 9);
    EXPECT_EQ(schema.scalar("SELECT count(*) FROM users"), "491");
    host.stop_and_destroy();
    // "stopped after 500 write operations in N transactions", N well below 500.
    auto logs = host.logs();
    auto stopped = std::find_if(logs.begin(), logs.end(), [](const std::string& line) {
        return line.find("stopped after 500 write operations in ") != std::string::npos;
    });
    ASSERT_NE(stopped, logs.end()) << all_logs(host);
    int transactions = std::stoi(stopped->substr(stopped->find(" in ") + 4));
    EXPECT_LT(transactions, 250) << *stopped;
}

// Appends queued together are stored in one statement; what each gets must
// be what it would have got alone: seqs in issue order per conversation,
// duplicates of stored and of same-batch messages, an unknown conversation
// failing alone (the batch then runs again, one savepoint per operation).
TEST(StoragePostgresPlugin, AppendsBatchedTogetherGetWhatEachWouldGetAlone) {
    TestSchema schema;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    host.create_and_start();
    PluginCalls calls(host);
    ASSERT_EQ(calls.group_create("g1", {"alice", "bob"}).first, SB_OK);
    ASSERT_EQ(calls.group_create("g2", {"alice", "bob"}).first, SB_OK);
    auto& stored = calls.message_append_async("g1", "alice", "k0", "stored before");
    ASSERT_TRUE(stored.completion.wait());
    ASSERT_EQ(stored.seq, 1u);

    for (bool with_failure : {false, true}) {
        std::string round = with_failure ? "b" : "a";
        // The writer waits on g2's row, locked here, while the burst queues up behind it: one batch.
        pqxx::connection admin(TestSchema::url());
        pqxx::work lock(admin);
        lock.exec("SELECT 1 FROM " + schema.name() + ".conversations WHERE conversation_id = 'g2' FOR UPDATE");
        auto& blocked = calls.message_append_async("g2", "alice", round + "0", round + "-blocked");
        std::vector<PluginCalls::Appended*> burst;
        burst.push_back(&calls.message_append_async("g1", "alice", round + "1", round + "-one"));
        burst.push_back(&calls.message_append_async("g2", "bob", round + "1", round + "-g2"));
        burst.push_back(&calls.message_append_async("g1", "bob", round + "1", round + "-two"));  // another sender
        burst.push_back(&calls.message_append_async("g1", "alice", "k0", "resent"));             // stored earlier
        burst.push_back(&calls.message_append_async("g1", "alice", round + "1", "resent"));      // same batch
        burst.push_back(&calls.message_append_async("g1", "alice", "", round + "-no key"));
        if (with_failure) burst.push_back(&calls.message_append_async("nope", "alice", "x", "lost"));
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        EXPECT_EQ(blocked.completion.calls(), 0);
        lock.commit();
        ASSERT_TRUE(blocked.completion.wait());
        for (auto* appended : burst) ASSERT_TRUE(appended->completion.wait());
        uint64_t base = with_failure ? 4 : 1;  // g1's last seq before the round
        EXPECT_EQ(burst[0]->seq, base + 1);
        EXPECT_FALSE(burst[0]->duplicate);
        EXPECT_EQ(blocked.seq, with_failure ? 3u : 1u);
        EXPECT_EQ(burst[1]->seq, with_failure ? 4u : 2u);
        EXPECT_EQ(burst[2]->seq, base + 2);
        EXPECT_TRUE(burst[3]->duplicate);
        EXPECT_EQ(burst[3]->seq, 1u);
        EXPECT_EQ(burst[3]->body, "stored before");
        EXPECT_TRUE(burst[4]->duplicate);
        EXPECT_EQ(burst[4]->seq, base + 1);
        EXPECT_EQ(burst[4]->body, round + "-one");
        EXPECT_FALSE(burst[5]->duplicate);
        EXPECT_EQ(burst[5]->seq, base + 3);
        if (with_failure) {
            EXPECT_EQ(burst[6]->completion.status(), SB_ERR_NOT_FOUND);
        }
        for (auto* appended : burst) EXPECT_EQ(appended->completion.calls(), 1);
    }
    EXPECT_EQ(schema.scalar("SELECT string_agg(seq || ':' || body, ',' ORDER BY seq) FROM messages"
                            " WHERE conversation_id = 'g1'"),
              "1:stored before,2:a-one,3:a-two,4:a-no key,5:b-one,6:b-two,7:b-no key");
    EXPECT_EQ(schema.scalar("SELECT last_seq FROM conversations WHERE conversation_id = 'g1'"), "7");
}

TEST(StoragePostgresPlugin, TextWithANulByteIsABadRequest) {
    TestSchema schema;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    host.create_and_start();
    auto [status, message] = PluginCalls(host).user_create("u1", std::string("nul\0byte", 8));
    EXPECT_EQ(status, SB_ERR_BAD_REQUEST);
    EXPECT_EQ(message, "storage.postgres: text with a NUL byte cannot be stored");
}

TEST(StoragePostgresPlugin, RefusesCallsAfterStopWithoutCallingDone) {
    TestSchema schema;
    TestHost host(STORAGE_POSTGRES_PLUGIN);
    configure(host, schema);
    host.create_and_start();
    host.descriptor().stop(host.instance());
    PluginCalls calls(host);
    EXPECT_EQ(calls.user_get("u1").first, SB_ERR_UNAVAILABLE);
    EXPECT_EQ(calls.rejected, SB_ERR_UNAVAILABLE);
}

}  // namespace
}  // namespace switchboard::plugins::storage_postgres
