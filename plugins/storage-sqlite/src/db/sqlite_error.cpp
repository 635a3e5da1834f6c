#include "db/sqlite_error.hpp"

#include <sqlite3.h>

namespace switchboard::plugins::storage_sqlite::db {

SqliteError::SqliteError(int extended_code, const std::string& message)
    : sdk::Error(status_for(extended_code), message), extended_code_(extended_code) {}

SqliteError SqliteError::from(sqlite3* db, const std::string& context) {
    int code = sqlite3_extended_errcode(db);
    return SqliteError(code, context + ": " + sqlite3_errmsg(db));
}

sb_status SqliteError::status_for(int extended_code) noexcept {
    switch (extended_code) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            return SB_ERR_CONFLICT;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            return SB_ERR_NOT_FOUND;
        case SQLITE_CONSTRAINT_CHECK:
        case SQLITE_CONSTRAINT_NOTNULL:
        case SQLITE_TOOBIG:
            return SB_ERR_BAD_REQUEST;
        default:
            break;
    }
    switch (extended_code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        case SQLITE_FULL:
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY:
            return SB_ERR_UNAVAILABLE;
        default:
            return SB_ERR_INTERNAL;
    }
}

}  // namespace switchboard::plugins::storage_sqlite::db
