#pragma once

#include <functional>
#include <span>
#include <string_view>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/migration.hpp"
#include "switchboard/sdk/storage/schema_history.hpp"

namespace switchboard::plugins::storage_sqlite::db {

// Brings a database to the newest schema version: reads the version recorded
// in `schema_version`, applies every later step in one transaction, and
// refuses a database written by a newer plugin (its schema is unknown here).
class Migrator {
public:
    using Log = std::function<void(std::string_view)>;

    // `steps` must be numbered 1, 2, 3... in order; it is borrowed for the
    // Migrator's life.
    explicit Migrator(std::span<const sdk::storage::Migration> steps);

    // Returns the schema version the database is at afterwards. Throws
    // SqliteError, and sdk::Error for a database newer than the steps know.
    int migrate(Connection& connection, const Log& log) const;

    // For `migrate: false`: returns the version when it is the newest, and
    // otherwise throws sdk::Error(SB_ERR_UNAVAILABLE) saying what to run.
    int require_current(Connection& connection) const;

    int latest_version() const noexcept;

    // 0 for a database without the schema_version table.
    static int current_version(Connection& connection);

private:
    // The steps past the database's version in one transaction.
    void apply(Connection& connection, const Log& log) const;

    sdk::storage::SchemaHistory history_;
};

}  // namespace switchboard::plugins::storage_sqlite::db
