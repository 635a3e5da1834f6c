#pragma once

#include <stdexcept>
#include <string>

#include "switchboard/abi.h"

struct sqlite3;

namespace switchboard::plugins::storage_sqlite::db {

// A failed SQLite call, with the extended result code so callers can tell a
// unique-key conflict from a broken disk.
class SqliteError : public std::runtime_error {
public:
    SqliteError(int extended_code, const std::string& message);

    // The error of the last failed call on `db`, prefixed with what was being done.
    static SqliteError from(sqlite3* db, const std::string& context);

    int extended_code() const noexcept { return extended_code_; }
    // The storage status the host sees for this error.
    sb_status status() const noexcept;

private:
    int extended_code_;
};

}  // namespace switchboard::plugins::storage_sqlite::db
