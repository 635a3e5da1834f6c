#include "db/query.hpp"

#include <sqlite3.h>

#include <limits>

#include "db/sqlite_error.hpp"

namespace switchboard::plugins::storage_sqlite::db {

Query::~Query() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

void Query::check_bind(int rc, int index) const {
    if (rc != SQLITE_OK)
        throw SqliteError::from(db_, "bind parameter " + std::to_string(index) + " of '" + sqlite3_sql(stmt_) + "'");
}

Query& Query::bind_text(int index, std::string_view value) {
    // An empty view may carry a null pointer, which SQLite would store as NULL.
    const char* data = value.data() ? value.data() : "";
    check_bind(sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_STATIC, SQLITE_UTF8), index);
    return *this;
}

Query& Query::bind_int(int index, int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

Query& Query::bind_seq(int index, uint64_t value) {
    constexpr uint64_t max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    return bind_int(index, static_cast<int64_t>(value > max ? max : value));
}

Query& Query::bind_optional_text(int index, const std::optional<std::string>& value) {
    if (value) return bind_text(index, *value);
    check_bind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

bool Query::next() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SqliteError::from(db_, std::string("run '") + sqlite3_sql(stmt_) + "'");
}

void Query::run() {
    while (next()) {
    }
}

std::string Query::column_text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!text) return {};
    return std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

int64_t Query::column_int(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

uint64_t Query::column_seq(int column) const {
    int64_t value = sqlite3_column_int64(stmt_, column);
    return value > 0 ? static_cast<uint64_t>(value) : 0;
}

}  // namespace switchboard::plugins::storage_sqlite::db
