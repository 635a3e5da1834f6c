#pragma once

namespace switchboard::plugins::storage_postgres::db {

// One step of the schema's history. Steps are applied in version order and
// never edited once released: a change is a new step.
struct Migration {
    int version;              // 1, 2, 3... without gaps
    const char* description;  // logged when applied
    const char* sql;          // one or more statements
};

}  // namespace switchboard::plugins::storage_postgres::db
