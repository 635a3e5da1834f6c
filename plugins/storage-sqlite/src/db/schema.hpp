#pragma once

#include <span>

#include "switchboard/sdk/storage/migration.hpp"

namespace switchboard::plugins::storage_sqlite::db {

// The storage schema's history, oldest first (see README.md, "Schema").
std::span<const sdk::storage::Migration> schema_migrations();

}  // namespace switchboard::plugins::storage_sqlite::db
