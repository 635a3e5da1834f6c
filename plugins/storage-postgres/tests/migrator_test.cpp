#include "db/migrator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "db/connection.hpp"
#include "db/postgres_error.hpp"
#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/testing/silent_host.hpp"
#include "test_schema.hpp"

namespace switchboard::plugins::storage_postgres {
namespace {

using db::Connection;
using db::ConnectionSettings;
using sdk::storage::Migration;
using db::Migrator;

// Not idempotent on purpose: applying a step twice fails.
constexpr Migration kSteps[] = {
    {1, "notes", "CREATE TABLE notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL)"},
    {2, "notes.author", "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT ''"},
    {3, "tags", "CREATE TABLE tags (note_id BIGINT NOT NULL REFERENCES notes (id), tag TEXT NOT NULL)"},
};

class MigratorTest : public ::testing::Test {
protected:
    std::unique_ptr<Connection> connect(int64_t statement_timeout_ms = 30'000) {
        ConnectionSettings settings = ConnectionSettings::parse(testing::TestSchema::url(), 5000);
        settings.schema = schema_.name();
        settings.statement_timeout_ms = statement_timeout_ms;
        return std::make_unique<Connection>(settings, host_);
    }
    Migrator::Log logger() {
        return [this](std::string_view line) { log_.emplace_back(line); };
    }

    testing::TestSchema schema_;
    sb_host host_table_ = sdk::testing::silent_host();
    sdk::Host host_{&host_table_};
    std::vector<std::string> log_;
};

TEST_F(MigratorTest, CreatesTheSchemaAndAppliesEveryStep) {
    auto connection = connect();
    EXPECT_EQ(Migrator::current_version(*connection), 0);
    EXPECT_EQ(Migrator(kSteps).migrate(*connection, logger()), 3);
    EXPECT_EQ(Migrator::current_version(*connection), 3);
    ASSERT_EQ(log_.size(), 4u);
    EXPECT_EQ(log_[0], "creating schema " + schema_.name());
    EXPECT_EQ(log_[1], "applying schema migration 1: notes");
    EXPECT_EQ(schema_.scalar("SELECT string_agg(description, ',' ORDER BY version) FROM schema_migrations"),
              "notes,notes.author,tags");
    schema_.sql("INSERT INTO notes (id, text, author) VALUES (1, 'x', 'y')");
}

TEST_F(MigratorTest, UpgradesAnOlderSchemaAndKeepsItsData) {
    Migrator(std::span(kSteps).first(1)).migrate(*connect(), logger());
    schema_.sql("INSERT INTO notes (id, text) VALUES (1, 'kept')");
    log_.clear();
    EXPECT_EQ(Migrator(kSteps).migrate(*connect(), logger()), 3);
    ASSERT_EQ(log_.size(), 2u);  // steps 2 and 3 only
    EXPECT_EQ(log_[0], "applying schema migration 2: notes.author");
    EXPECT_EQ(schema_.scalar("SELECT text FROM notes WHERE id = 1"), "kept");
    log_.clear();
    EXPECT_EQ(Migrator(kSteps).migrate(*connect(), logger()), 3);
    EXPECT_TRUE(log_.empty());
}

TEST_F(MigratorTest, AFailingStepLeavesTheSchemaAsItWas) {
    Migrator(std::span(kSteps).first(1)).migrate(*connect(), logger());
    constexpr Migration broken[] = {kSteps[0], kSteps[1], {3, "broken", "CREATE TABLE oops (x no_such_type)"}};
    auto connection = connect();
    EXPECT_THROW(Migrator(broken).migrate(*connection, logger()), db::PostgresError);
    EXPECT_EQ(Migrator::current_version(*connection), 1);
    EXPECT_EQ(schema_.scalar("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                             " AND table_name = 'notes' AND column_name = 'author'"),
              "0");  // step 2 rolled back with step 3
}

TEST_F(MigratorTest, RefusesASchemaWrittenByANewerPlugin) {
    Migrator(kSteps).migrate(*connect(), logger());
    auto connection = connect();
    try {
        Migrator(std::span(kSteps).first(2)).migrate(*connection, logger());
        FAIL() << "a newer schema was accepted";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.status(), SB_ERR_UNAVAILABLE);
        EXPECT_NE(std::string(e.what()).find("the database schema is at version 3, newer than the newest this "
                                             "storage.postgres knows (2)"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(Migrator(std::span(kSteps).first(2)).require_current(*connection), sdk::Error);
}

TEST_F(MigratorTest, ServersMigratingAtOnceApplyEachStepOnce) {
    constexpr int kServers = 4;
    std::vector<std::unique_ptr<Connection>> connections;
    for (int i = 0; i < kServers; ++i) connections.push_back(connect());
    for (auto& connection : connections) connection->open();
    std::vector<int> versions(kServers, -1);
    std::vector<std::string> errors(kServers);
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i)
        threads.emplace_back([&, i] {
            try {
                versions[i] = Migrator(kSteps).migrate(*connections[i], [](std::string_view) {});
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        });
    for (auto& thread : threads) thread.join();
    for (int i = 0; i < kServers; ++i) {
        EXPECT_EQ(versions[i], 3) << errors[i];
    }
    EXPECT_EQ(schema_.scalar("SELECT count(*) FROM schema_migrations"), "3");
}

TEST_F(MigratorTest, AStepMayRunLongerThanTheStatementTimeout) {
    constexpr Migration slow[] = {{1, "slow", "SELECT pg_sleep(0.3); CREATE TABLE notes (id BIGINT PRIMARY KEY)"}};
    auto connection = connect(100);
    EXPECT_EQ(Migrator(slow).migrate(*connection, logger()), 1);
    // The session's own statements still have it.
    EXPECT_THROW(connection->execute("SELECT pg_sleep(0.3)"), db::PostgresError);
}

TEST_F(MigratorTest, RequireCurrentSaysHowToMigrate) {
    auto connection = connect();
    try {
        Migrator(kSteps).require_current(*connection);
        FAIL() << "an empty schema was accepted";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.status(), SB_ERR_UNAVAILABLE);
        EXPECT_EQ(std::string(e.what()),
                  "the database schema is at version 0 but this storage.postgres needs 3, and its option migrate is "
                  "false: apply the migrations with `switchboard migrate --config FILE` (or set migrate: true)");
    }
    Migrator(kSteps).migrate(*connection, logger());
    EXPECT_EQ(Migrator(kSteps).require_current(*connection), 3);
}

}  // namespace
}  // namespace switchboard::plugins::storage_postgres
