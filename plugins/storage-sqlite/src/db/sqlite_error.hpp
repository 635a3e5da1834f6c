#pragma once

#include <string>

#include "switchboard/sdk/error.hpp"

struct sqlite3;

namespace switchboard::plugins::storage_sqlite::db {

// A failed SQLite call, with the extended result code so callers can tell a
// unique-key conflict from a broken disk, and the storage status the host
// sees for it.
class SqliteError : public sdk::Error {
public:
    SqliteError(int extended_code, const std::string& message);

    // The error of the last failed call on `db`, prefixed with what was being done.
    static SqliteError from(sqlite3* db, const std::string& context);

    int extended_code() const noexcept { return extended_code_; }
    // The status for an extended result code: unique key taken -> conflict,
    // invalid data -> bad request, busy or unwritable -> unavailable.
    static sb_status status_for(int extended_code) noexcept;

private:
    int extended_code_;
};

}  // namespace switchboard::plugins::storage_sqlite::db
