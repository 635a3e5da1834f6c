// storage.sqlite through its C ABI, loaded like the server loads it: options,
// the database file it creates, refusal of a newer schema, and durability of
// acknowledged appends across kill -9.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "db/schema.hpp"
#include "switchboard/sdk/testing/storage_completion.hpp"
#include "switchboard/sdk/testing/test_host.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace switchboard::plugins::storage_sqlite {
namespace {

using sdk::testing::TestHost;

const std::string kLatestVersion = std::to_string(db::schema_migrations().size());
using sdk::testing::StorageCompletion;
using testing::TempDir;

std::string sqlite_scalar(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* stmt = nullptr;
    std::string value;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

void sqlite_execute(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
}

TEST(StorageSqlitePlugin, DeclaresItselfAndItsOptions) {
    TestHost host(STORAGE_SQLITE_PLUGIN);
    const sb_plugin_descriptor& d = host.descriptor();
    EXPECT_STREQ(d.id, "storage.sqlite");
    EXPECT_EQ(d.kind, static_cast<uint32_t>(SB_KIND_STORAGE));
    std::set<std::string> names;
    for (uint32_t i = 0; i < d.option_count; ++i) names.insert(d.options[i].name);
    EXPECT_EQ(names, (std::set<std::string>{"path", "synchronous", "busy_timeout", "max_batch", "batch_window", "reader_threads",
                                            "cache_size", "mmap_size", "max_queue", "migrate"}));
    EXPECT_NE(host.vtable<sb_storage_vtable>()->migrate, nullptr);
}

TEST(StorageSqlitePlugin, CreatesTheDatabaseInNewDirectoriesInWalMode) {
    TempDir dir;
    std::string path = dir.file("a/b/switchboard.db");
    TestHost host(STORAGE_SQLITE_PLUGIN);
    host.set("path", path);
    host.set("synchronous", "full");
    host.set("reader_threads", "3");
    host.create_and_start();
    host.stop_and_destroy();
    EXPECT_EQ(sqlite_scalar(path, "PRAGMA journal_mode"), "wal");
    EXPECT_EQ(sqlite_scalar(path, "SELECT max(version) FROM schema_version"), kLatestVersion);
}

TEST(StorageSqlitePlugin, RefusesInvalidOptions) {
    TempDir dir;
    for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"synchronous", "sometimes"}, {"reader_threads", "0"}, {"reader_threads", "17"}, {"max_batch", "0"}}) {
        TestHost host(STORAGE_SQLITE_PLUGIN);
        host.set("path", dir.file("x.db"));
        host.set(key, value);
        try {
            host.create_and_start();
            ADD_FAILURE() << key << "=" << value << " was accepted";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("'" + key + "'"), std::string::npos) << e.what();
        }
    }
}

TEST(StorageSqlitePlugin, RefusesADatabaseWrittenByANewerVersion) {
    TempDir dir;
    std::string path = dir.file("newer.db");
    {
        TestHost host(STORAGE_SQLITE_PLUGIN);
        host.set("path", path);
        host.create_and_start();
    }
    sqlite_execute(path, "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'future', 0)");
    TestHost host(STORAGE_SQLITE_PLUGIN);
    host.set("path", path);
    try {
        host.create_and_start();
        FAIL() << "a database at schema version 99 was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("schema is at version 99, newer than"), std::string::npos) << e.what();
    }
}

TEST(StorageSqlitePlugin, MigrateRunsOnDemandAndMigrateFalseRefusesAnOutdatedDatabase) {
    TempDir dir;
    std::string path = dir.file("data/switchboard.db");
    {
        TestHost host(STORAGE_SQLITE_PLUGIN);
        host.set("path", path);
        host.set("migrate", "false");
        try {
            host.create_and_start();
            FAIL() << "started on a new database with migrate: false";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("the database schema is at version 0 but this storage.sqlite needs " +
                                                 kLatestVersion +
                                                 ", and its option migrate is false: apply the migrations with "
                                                 "`switchboard migrate --config FILE`"),
                      std::string::npos)
                << e.what();
        }
    }
    auto logged = [](const TestHost& host, const std::string& text) {
        for (const auto& line : host.logs())
            if (line.find(text) != std::string::npos) return true;
        return false;
    };
    {
        TestHost host(STORAGE_SQLITE_PLUGIN);
        host.set("path", path);
        host.create();
        sdk::ErrorBuffer err;
        ASSERT_EQ(host.vtable<sb_storage_vtable>()->migrate(host.instance(), err.get()), SB_OK) << err.message();
        EXPECT_TRUE(logged(host, "info: applying schema migration 1: "));
        EXPECT_TRUE(logged(host, "info: " + path + " migrated from schema version 0 to " + kLatestVersion));
        ASSERT_EQ(host.vtable<sb_storage_vtable>()->migrate(host.instance(), err.get()), SB_OK) << err.message();
        EXPECT_TRUE(logged(host, "info: " + path + " is current (schema version " + kLatestVersion + "): nothing to apply"));
    }
    TestHost host(STORAGE_SQLITE_PLUGIN);
    host.set("path", path);
    host.set("migrate", "false");
    host.create_and_start();
    EXPECT_FALSE(logged(host, "applying schema migration"));
}

TEST(StorageSqlitePlugin, RefusesCallsAfterStopWithoutCallingDone) {
    TempDir dir;
    TestHost host(STORAGE_SQLITE_PLUGIN);
    host.set("path", dir.file("stopped.db"));
    host.create_and_start();
    auto* storage = host.vtable<sb_storage_vtable>();
    host.descriptor().stop(host.instance());
    StorageCompletion completion;
    sb_key_request req{sizeof(req), sdk::to_sb("u1")};
    EXPECT_EQ(storage->user_get(host.instance(), &req, &StorageCompletion::callback, &completion), SB_ERR_UNAVAILABLE);
    EXPECT_EQ(completion.calls(), 0);
}

// Reads the seq lines a crash_writer prints until it has acknowledged at
// least `wanted` appends, then kills it with SIGKILL.
std::vector<uint64_t> run_and_kill_crash_writer(const std::string& path, size_t wanted) {
    int out[2];
    if (pipe(out) != 0) return {};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::string plugin = STORAGE_SQLITE_PLUGIN;
    std::string writer = STORAGE_SQLITE_CRASH_WRITER;
    char* argv[] = {writer.data(), plugin.data(), const_cast<char*>(path.c_str()), nullptr};
    pid_t pid = 0;
    int spawned = posix_spawn(&pid, writer.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::vector<uint64_t> acknowledged;
    if (spawned != 0) {
        close(out[0]);
        return acknowledged;
    }
    FILE* lines = fdopen(out[0], "r");
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    unsigned long long seq = 0;
    while (acknowledged.size() < wanted && std::chrono::steady_clock::now() < deadline &&
           std::fscanf(lines, "%llu", &seq) == 1)
        acknowledged.push_back(seq);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    fclose(lines);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "crash_writer exited by itself: " << status;
    return acknowledged;
}

struct History {
    sb_status status = SB_ERR_INTERNAL;
    std::vector<uint64_t> seqs;
    std::vector<std::string> client_msg_ids;
};

TEST(StorageSqlitePlugin, AcknowledgedAppendsSurviveKill9) {
    TempDir dir;
    std::string path = dir.file("crash.db");
    std::vector<uint64_t> acknowledged = run_and_kill_crash_writer(path, 5000);
    ASSERT_GE(acknowledged.size(), 5000u);

    TestHost host(STORAGE_SQLITE_PLUGIN);
    host.set("path", path);
    host.create_and_start();
    auto* storage = host.vtable<sb_storage_vtable>();
    sb_history_request req{};
    req.struct_size = sizeof(req);
    req.conversation_id = sdk::to_sb("crash");
    req.limit = 1'000'000;
    History history;
    StorageCompletion completion;
    struct Context {
        History* history;
        StorageCompletion* completion;
    } context{&history, &completion};
    auto on_done = [](void* ctx, sb_status status, const char* message, const void* result) {
        auto* c = static_cast<Context*>(ctx);
        c->history->status = status;
        if (status == SB_OK) {
            auto* list = static_cast<const sb_message_list*>(result);
            for (size_t i = 0; i < list->count; ++i) {
                c->history->seqs.push_back(list->items[i].seq);
                c->history->client_msg_ids.emplace_back(sdk::to_view(list->items[i].client_msg_id));
            }
        }
        StorageCompletion::callback(c->completion, status, message, nullptr);
    };
    ASSERT_EQ(storage->message_history(host.instance(), &req, on_done, &context), SB_OK);
    ASSERT_TRUE(completion.wait());
    ASSERT_EQ(history.status, SB_OK);

    uint64_t max_acknowledged = *std::max_element(acknowledged.begin(), acknowledged.end());
    ASSERT_GE(history.seqs.size(), max_acknowledged);
    for (size_t i = 0; i < history.seqs.size(); ++i) {
        ASSERT_EQ(history.seqs[i], i + 1) << "gap in the stored seqs";
        ASSERT_EQ(history.client_msg_ids[i], "m" + std::to_string(i + 1));
    }
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
