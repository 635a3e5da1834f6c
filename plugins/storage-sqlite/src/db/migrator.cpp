#include "db/migrator.hpp"

#include <chrono>
#include <string>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_sqlite::db {

namespace {
int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}
}  // namespace

Migrator::Migrator(std::span<const sdk::storage::Migration> steps) : history_(steps, "storage.sqlite") {}

int Migrator::latest_version() const noexcept {
    return history_.latest_version();
}

int Migrator::current_version(Connection& connection) {
    {
        Query exists =
            connection.query("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
        if (!exists.next() || exists.column_int(0) == 0) return 0;
    }
    Query query = connection.query("SELECT coalesce(max(version), 0) FROM schema_version");
    return query.next() ? static_cast<int>(query.column_int(0)) : 0;
}

int Migrator::require_current(Connection& connection) const {
    return history_.require_current(current_version(connection));
}

int Migrator::migrate(Connection& connection, const Log& log) const {
    // Foreign keys are off while steps run, as SQLite's procedure for
    // rebuilding a table asks (a dropped parent would cascade otherwise); the
    // result is checked before the commit instead. The pragma is a no-op
    // inside a transaction, so it goes first.
    connection.execute("PRAGMA foreign_keys = OFF");
    try {
        apply(connection, log);
    } catch (...) {
        connection.execute("PRAGMA foreign_keys = ON");
        throw;
    }
    connection.execute("PRAGMA foreign_keys = ON");
    return latest_version();
}

void Migrator::apply(Connection& connection, const Log& log) const {
    // IMMEDIATE takes the write lock first, so two processes opening the same
    // file cannot both apply a step.
    connection.execute("BEGIN IMMEDIATE");
    try {
        connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY NOT NULL,"
            " description TEXT NOT NULL,"
            " applied_at INTEGER NOT NULL)");
        int current = current_version(connection);
        history_.refuse_newer(current);
        for (const sdk::storage::Migration& step : history_.steps()) {
            if (step.version <= current) continue;
            log("applying schema migration " + std::to_string(step.version) + ": " + step.description);
            connection.execute(step.sql);
            connection.query("INSERT INTO schema_version (version, description, applied_at) VALUES (?1, ?2, ?3)")
                .bind_int(1, step.version)
                .bind_text(2, std::string_view(step.description))
                .bind_int(3, now_ms())
                .run();
        }
        Query broken = connection.query("SELECT \"table\", parent FROM pragma_foreign_key_check LIMIT 1");
        if (broken.next())
            throw sdk::Error(SB_ERR_INTERNAL, "schema migration left rows of " + broken.column_text(0) +
                                                  " without their " + broken.column_text(1));
        connection.execute("COMMIT");
    } catch (...) {
        if (connection.in_transaction()) connection.execute("ROLLBACK");
        throw;
    }
}

}  // namespace switchboard::plugins::storage_sqlite::db
