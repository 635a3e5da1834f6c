#include "db/migrator.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/connection.hpp"
#include "db/schema.hpp"
#include "db/sqlite_error.hpp"
#include "switchboard/sdk/error.hpp"
#include "temp_dir.hpp"

namespace switchboard::plugins::storage_sqlite {
namespace {

using db::Connection;
using db::ConnectionOptions;
using sdk::storage::Migration;
using db::Migrator;

constexpr Migration kSteps[] = {
    {1, "notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"},
    {2, "notes.author", "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT ''"},
    {3, "tags", "CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT NOT NULL)"},
};

class MigratorTest : public ::testing::Test {
protected:
    ConnectionOptions options() const {
        ConnectionOptions o;
        o.path = dir_.file("test.db");
        return o;
    }
    std::vector<std::string> log_;
    Migrator::Log logger() {
        return [this](std::string_view line) { log_.emplace_back(line); };
    }
    testing::TempDir dir_;
};

TEST_F(MigratorTest, BringsAFreshDatabaseToTheLatestVersion) {
    Connection connection(options());
    EXPECT_EQ(Migrator(kSteps).migrate(connection, logger()), 3);
    EXPECT_EQ(Migrator::current_version(connection), 3);
    EXPECT_EQ(log_.size(), 3u);
    connection.execute("INSERT INTO notes (text, author) VALUES ('x', 'y')");
}

TEST_F(MigratorTest, UpgradesAnOlderDatabaseAndKeepsItsData) {
    {
        Connection connection(options());
        Migrator(std::span(kSteps).first(1)).migrate(connection, logger());
        connection.execute("INSERT INTO notes (text) VALUES ('kept')");
    }
    log_.clear();
    Connection connection(options());
    EXPECT_EQ(Migrator(kSteps).migrate(connection, logger()), 3);
    ASSERT_EQ(log_.size(), 2u);  // steps 2 and 3 only
    EXPECT_NE(log_[0].find("migration 2"), std::string::npos);
    db::Query query = connection.query("SELECT text, author FROM notes");
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.column_text(0), "kept");
    EXPECT_EQ(query.column_text(1), "");
}

TEST_F(MigratorTest, IsANoOpOnAnUpToDateDatabase) {
    Connection connection(options());
    Migrator(kSteps).migrate(connection, logger());
    log_.clear();
    EXPECT_EQ(Migrator(kSteps).migrate(connection, logger()), 3);
    EXPECT_TRUE(log_.empty());
}

TEST_F(MigratorTest, RefusesADatabaseFromANewerVersion) {
    {
        Connection connection(options());
        Migrator(kSteps).migrate(connection, logger());
    }
    Connection connection(options());
    try {
        Migrator(std::span(kSteps).first(2)).migrate(connection, logger());
        FAIL() << "a newer database was accepted";
    } catch (const sdk::Error& e) {
        EXPECT_EQ(e.status(), SB_ERR_UNAVAILABLE);
        EXPECT_NE(std::string(e.what()).find("version 3, newer than the newest this storage.sqlite knows (2)"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(Migrator::current_version(connection), 3);
}

TEST_F(MigratorTest, AFailingStepLeavesTheDatabaseAsItWas) {
    constexpr Migration broken[] = {
        kSteps[0],
        {2, "broken", "ALTER TABLE notes ADD COLUMN ok TEXT; THIS IS NOT SQL"},
    };
    Connection connection(options());
    Migrator(std::span(kSteps).first(1)).migrate(connection, logger());
    EXPECT_THROW(Migrator(broken).migrate(connection, logger()), db::SqliteError);
    EXPECT_EQ(Migrator::current_version(connection), 1);
    EXPECT_FALSE(connection.in_transaction());
    EXPECT_THROW(connection.execute("SELECT ok FROM notes"), db::SqliteError);
}

TEST_F(MigratorTest, RejectsStepsOutOfOrder) {
    constexpr Migration gap[] = {kSteps[0], kSteps[2]};
    EXPECT_THROW(Migrator{gap}, sdk::Error);
}

TEST_F(MigratorTest, TheRealSchemaKeepsAVersion1DatabasesLastSeqAndActivity) {
    Connection connection(options());
    Migrator(db::schema_migrations().first(1)).migrate(connection, logger());
    connection.execute(
        "INSERT INTO conversations (conversation_id, type, title, created_by, created_at, last_seq, last_activity_at)"
        " VALUES ('c1', 'group', 't', 'u1', 100, 2, 300);"
        "INSERT INTO messages (conversation_id, seq, message_id, sender_id, client_msg_id, body, extra_json,"
        " reply_to_seq, sent_at) VALUES ('c1', 1, 'm1', 'u1', '', 'a', '', 0, 200), ('c1', 2, 'm2', 'u1', '', 'b', '',"
        " 0, 300);");
    Migrator migrator(db::schema_migrations());
    EXPECT_EQ(migrator.migrate(connection, logger()), migrator.latest_version());
    // Version 2 reads them from the newest message.
    db::Query query = connection.query(
        "SELECT (SELECT max(seq) FROM messages WHERE conversation_id = 'c1'),"
        " (SELECT sent_at FROM messages WHERE conversation_id = 'c1' ORDER BY seq DESC LIMIT 1)");
    ASSERT_TRUE(query.next());
    EXPECT_EQ(query.column_int(0), 2);
    EXPECT_EQ(query.column_int(1), 300);
    EXPECT_THROW(connection.execute("SELECT last_seq FROM conversations"), db::SqliteError);
}

TEST_F(MigratorTest, TheRealSchemaApplies) {
    Connection connection(options());
    Migrator migrator(db::schema_migrations());
    EXPECT_EQ(migrator.migrate(connection, logger()), migrator.latest_version());
    EXPECT_GE(migrator.latest_version(), 1);
    connection.execute("SELECT count(*) FROM messages");
}

}  // namespace
}  // namespace switchboard::plugins::storage_sqlite
