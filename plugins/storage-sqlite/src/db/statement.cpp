#include "db/statement.hpp"

#include <sqlite3.h>

#include <string>

#include "db/sqlite_error.hpp"

namespace switchboard::plugins::storage_sqlite::db {

Statement::Statement(sqlite3* db, std::string_view sql) {
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK)
        throw SqliteError::from(db, "prepare '" + std::string(sql) + "'");
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

}  // namespace switchboard::plugins::storage_sqlite::db
