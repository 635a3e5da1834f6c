#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace switchboard::plugins::storage_sqlite::db {

// One use of a cached prepared statement: bind parameters (1-based), step
// through rows, read columns (0-based). Resets the statement and clears its
// bindings when it goes out of scope, so the cache can hand it out again.
class Query {
public:
    Query(sqlite3* db, sqlite3_stmt* stmt) noexcept : db_(db), stmt_(stmt) {}
    ~Query();
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;

    // Bound without a copy: `value` must stay alive until the Query ends.
    Query& bind_text(int index, std::string_view value);
    Query& bind_text(int index, std::string&& value) = delete;
    Query& bind_int(int index, int64_t value);
    // Sequence numbers are unsigned in the ABI and signed in SQLite; values
    // beyond INT64_MAX are clamped (no conversation gets there).
    Query& bind_seq(int index, uint64_t value);
    Query& bind_optional_text(int index, const std::optional<std::string>& value);

    // Steps once: true when a row is available, false when done.
    bool next();
    // Steps to completion, for statements that return no rows.
    void run();

    std::string column_text(int column) const;
    int64_t column_int(int column) const;
    uint64_t column_seq(int column) const;

private:
    void check_bind(int rc, int index) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

}  // namespace switchboard::plugins::storage_sqlite::db
