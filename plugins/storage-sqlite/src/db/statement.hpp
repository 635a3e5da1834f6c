#pragma once

#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace switchboard::plugins::storage_sqlite::db {

// An owned prepared statement, finalized on destruction. Prepared as
// persistent: connections keep them for their whole life and reuse them.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    sqlite3_stmt* get() const noexcept { return stmt_; }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace switchboard::plugins::storage_sqlite::db
