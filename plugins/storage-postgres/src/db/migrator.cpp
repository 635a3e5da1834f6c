#include "db/migrator.hpp"

#include <chrono>
#include <string>

#include "db/row.hpp"
#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres::db {

namespace {

// The advisory lock's first key ("SWBM"); the second is the schema's hash,
// so servers migrating different schemas do not wait for each other.
constexpr int32_t kLockKey = 0x5357424D;

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Migrator::Migrator(std::span<const Migration> steps) : steps_(steps) {
    for (size_t i = 0; i < steps_.size(); ++i)
        if (steps_[i].version != static_cast<int>(i + 1))
            throw sdk::Error(SB_ERR_INTERNAL, "schema migration steps must be numbered 1, 2, 3... in order");
}

int Migrator::latest_version() const noexcept {
    return static_cast<int>(steps_.size());
}

int Migrator::current_version(Connection& connection) {
    if (Row(connection.query("SELECT count(to_regclass('schema_migrations'))").run()[0]).integer(0) == 0) return 0;
    return static_cast<int>(Row(connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations").run()[0])
                                .integer(0));
}

void Migrator::refuse_newer(int current) const {
    if (current > latest_version())
        throw sdk::Error(SB_ERR_UNAVAILABLE,
                         "the database schema is at version " + std::to_string(current) +
                             ", newer than the newest this storage.postgres knows (" +
                             std::to_string(latest_version()) +
                             "): it was written by a newer Switchboard; run that version or restore a backup");
}

int Migrator::migrate(Connection& connection, const Log& log) const {
    const std::string& schema = connection.settings().schema;
    // A step may take longer than an operation may, and so may waiting for
    // another server's migration: no statement_timeout in this transaction.
    connection.execute("BEGIN; SET LOCAL statement_timeout = 0");
    try {
        connection.query("SELECT pg_advisory_xact_lock($1, hashtext($2))").integer(kLockKey).text(schema).run();
        if (connection.query("SELECT 1 FROM pg_namespace WHERE nspname = $1").text(schema).run().empty()) {
            log("creating schema " + schema);
            connection.execute("CREATE SCHEMA " + connection.quote_name(schema));
        }
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY,"
            " description TEXT NOT NULL,"
            " applied_at BIGINT NOT NULL)");
        int current = current_version(connection);
        refuse_newer(current);
        for (const Migration& step : steps_) {
            if (step.version <= current) continue;
            log("applying schema migration " + std::to_string(step.version) + ": " + step.description);
            connection.execute(step.sql);
            connection.query("INSERT INTO schema_migrations (version, description, applied_at) VALUES ($1, $2, $3)")
                .integer(step.version)
                .text(step.description)
                .integer(now_ms())
                .run();
        }
        connection.execute("COMMIT");
    } catch (...) {
        if (connection.is_open()) {
            try {
                connection.execute("ROLLBACK");
            } catch (const std::exception&) {
                // The original failure is the one worth reporting.
            }
        }
        throw;
    }
    return latest_version();
}

int Migrator::require_current(Connection& connection) const {
    int current = current_version(connection);
    refuse_newer(current);
    if (current < latest_version())
        throw sdk::Error(SB_ERR_UNAVAILABLE,
                         "the database schema is at version " + std::to_string(current) + " but this storage.postgres needs " +
                             std::to_string(latest_version()) +
                             ", and its option migrate is false: apply the migrations with `switchboard migrate "
                             "--config FILE` (or set migrate: true)");
    return current;
}

}  // namespace switchboard::plugins::storage_postgres::db
