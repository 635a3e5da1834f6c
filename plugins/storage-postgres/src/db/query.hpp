#pragma once

#include <cstdint>
#include <optional>
#include <pqxx/result>
#include <string>
#include <string_view>
#include <vector>

namespace switchboard::plugins::storage_postgres::db {

class Connection;

// One execution of a prepared statement: bind its parameters ($1, $2… in
// order of the calls), then run it. Parameters travel as text, as libpq
// sends them; NULL is an absent optional.
class Query {
public:
    Query(Connection& connection, const char* sql) noexcept : connection_(connection), sql_(sql) {}

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) for text with a NUL byte, which
    // PostgreSQL cannot store (it would otherwise be cut off there).
    Query& text(std::string_view value);
    Query& integer(int64_t value);
    // Sequence numbers are unsigned in the ABI and bigint in PostgreSQL;
    // values beyond INT64_MAX are clamped (no conversation gets there).
    Query& seq(uint64_t value);
    Query& optional_text(const std::optional<std::string>& value);
    // Arrays, for statements that take many rows at once (unnest($1::text[])).
    Query& text_array(const std::vector<std::string_view>& values);
    Query& integer_array(const std::vector<int64_t>& values);

    // Runs the statement; throws PostgresError (ConnectionLost when the connection broke).
    pqxx::result run();

private:
    Connection& connection_;
    const char* sql_;
    std::vector<std::optional<std::string>> values_;
};

}  // namespace switchboard::plugins::storage_postgres::db
