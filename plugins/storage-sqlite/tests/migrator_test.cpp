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

TEST_F(MigratorTest, AStepThatBreaksAForeignKeyIsRolledBack) {
    constexpr Migration dangling[] = {
        kSteps[0], kSteps[1], kSteps[2],
        {4, "dangling tag", "INSERT INTO tags (note_id, tag) VALUES (42, 'orphan')"},
    };
    Connection connection(options());
    Migrator(kSteps).migrate(connection, logger());
    try {
        Migrator(dangling).migrate(connection, logger());
        FAIL() << "a step leaving a dangling reference was committed";
    } catch (const sdk::Error& e) {
        EXPECT_NE(std::string(e.what()).find("left rows of tags without their notes"), std::string::npos) << e.what();
    }
    EXPECT_EQ(Migrator::current_version(connection), 3);
    db::Query tags = connection.query("SELECT count(*) FROM tags");
    ASSERT_TRUE(tags.next());
    EXPECT_EQ(tags.column_int(0), 0);
    // Foreign keys are enforced again afterwards.
    EXPECT_THROW(connection.execute("INSERT INTO tags (note_id, tag) VALUES (42, 'x')"), db::SqliteError);
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

TEST_F(MigratorTest, TheRealSchemaKeepsAVersion3DatabasesMessagesAndWhatPointsAtThem) {
    Connection connection(options());
    Migrator(db::schema_migrations().first(3)).migrate(connection, logger());
    connection.execute(
        "INSERT INTO conversations (conversation_id, type, title, created_by, created_at)"
        " VALUES ('c1', 'group', 't', 'u1', 100);"
        "INSERT INTO messages (conversation_id, seq, message_id, sender_id, client_msg_id, body, extra_json,"
        " reply_to_seq, sent_at) VALUES ('c1', 1, 'm1', 'u1', 'k1', 'a', '', 0, 200), ('c1', 2, 'm2', 'u2', '', 'b',"
        " '', 1, 300);"
        "INSERT INTO reactions (conversation_id, seq, user_id, emoji, created_at) VALUES ('c1', 1, 'u2', 'x', 400);"
        "INSERT INTO attachments (attachment_id, uploader_id, content_type, filename, size, sha256, width, height,"
        " has_thumbnail, created_at) VALUES ('a1', 'u2', 'image/png', 'f.png', 3, 'h', 1, 1, 0, 250);"
        "INSERT INTO message_attachments (conversation_id, seq, position, attachment_id) VALUES ('c1', 2, 0, 'a1');");
    Migrator migrator(db::schema_migrations());
    EXPECT_EQ(migrator.migrate(connection, logger()), migrator.latest_version());

    db::Query rows = connection.query("SELECT seq, message_id, client_msg_id, body, reply_to_seq FROM messages"
                                      " WHERE conversation_id = 'c1' ORDER BY seq");
    ASSERT_TRUE(rows.next());
    EXPECT_EQ(rows.column_text(1), "m1");
    EXPECT_EQ(rows.column_text(2), "k1");
    ASSERT_TRUE(rows.next());
    EXPECT_EQ(rows.column_text(3), "b");
    EXPECT_EQ(rows.column_int(4), 1);
    EXPECT_FALSE(rows.next());
    // The rowid table keeps the key unique and the references pointing at it.
    EXPECT_THROW(connection.execute("INSERT INTO messages (conversation_id, seq, message_id, sender_id, client_msg_id,"
                                    " body, extra_json, reply_to_seq, sent_at)"
                                    " VALUES ('c1', 2, 'm3', 'u1', '', 'c', '', 0, 500)"),
                 db::SqliteError);
    EXPECT_THROW(connection.execute("INSERT INTO messages (conversation_id, seq, message_id, sender_id, client_msg_id,"
                                    " body, extra_json, reply_to_seq, sent_at)"
                                    " VALUES ('c1', 3, 'm3', 'u1', 'k1', 'c', '', 0, 500)"),
                 db::SqliteError);
    for (const char* child : {"reactions", "message_attachments"}) {
        std::string sql =
            std::string("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('") + child + "') WHERE \"from\" = 'seq'";
        db::Query parents = connection.query(sql.c_str());
        ASSERT_TRUE(parents.next()) << child;
        EXPECT_EQ(parents.column_text(0), "messages") << child;
    }
    db::Query counts = connection.query("SELECT (SELECT count(*) FROM reactions), (SELECT count(*) FROM message_attachments)");
    ASSERT_TRUE(counts.next());
    EXPECT_EQ(counts.column_int(0), 1);
    EXPECT_EQ(counts.column_int(1), 1);
    db::Query problems = connection.query("SELECT count(*) FROM pragma_foreign_key_check");
    ASSERT_TRUE(problems.next());
    EXPECT_EQ(problems.column_int(0), 0);
    // Deleting the conversation still takes its messages and everything hanging on them.
    connection.execute("DELETE FROM conversations WHERE conversation_id = 'c1'");
    db::Query left = connection.query(
        "SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM reactions)"
        " + (SELECT count(*) FROM message_attachments)");
    ASSERT_TRUE(left.next());
    EXPECT_EQ(left.column_int(0), 0);
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
