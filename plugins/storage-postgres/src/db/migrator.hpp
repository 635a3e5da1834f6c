#pragma once

#include <functional>
#include <span>
#include <string_view>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/migration.hpp"
#include "switchboard/sdk/storage/schema_history.hpp"

namespace switchboard::plugins::storage_postgres::db {

// Brings the configured schema to the newest version: reads the versions
// recorded in its `schema_migrations` table, applies every later step in one
// transaction, and refuses a database written by a newer plugin.
class Migrator {
public:
    using Log = std::function<void(std::string_view)>;

    // `steps` must be numbered 1, 2, 3... in order; borrowed for the Migrator's life.
    explicit Migrator(std::span<const sdk::storage::Migration> steps);

    // Creates the schema when missing and applies the pending steps, all in
    // one transaction holding an advisory lock, so servers starting at once
    // apply each step once (the others wait, then find nothing to do).
    // Returns the version afterwards. Throws PostgresError, and sdk::Error
    // for a schema newer than the steps know.
    int migrate(Connection& connection, const Log& log) const;

    // For `migrate: false`: returns the version when it is the newest, and
    // otherwise throws sdk::Error(SB_ERR_UNAVAILABLE) saying what to run.
    int require_current(Connection& connection) const;

    int latest_version() const noexcept;
    // 0 for a schema without the migrations table (or without the schema).
    static int current_version(Connection& connection);

private:
    sdk::storage::SchemaHistory history_;
};

}  // namespace switchboard::plugins::storage_postgres::db
