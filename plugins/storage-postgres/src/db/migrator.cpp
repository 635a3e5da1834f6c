#include "db/migrator.hpp"

#include <chrono>
#include <string>

#include "db/row.hpp"

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

Migrator::Migrator(std::span<const sdk::storage::Migration> steps) : history_(steps, "storage.postgres") {}

int Migrator::latest_version() const noexcept {
    return history_.latest_version();
}

int Migrator::current_version(Connection& connection) {
    if (Row(connection.query("SELECT count(to_regclass('schema_migrations'))").run()[0]).integer(0) == 0) return 0;
    return static_cast<int>(Row(connection.query("SELECT coalesce(max(version), 0) FROM schema_migrations").run()[0])
                                .integer(0));
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
        history_.refuse_newer(current);
        for (const sdk::storage::Migration& step : history_.steps()) {
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
    return history_.require_current(current_version(connection));
}

}  // namespace switchboard::plugins::storage_postgres::db
