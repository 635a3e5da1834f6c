#pragma once

#include <cstdint>
#include <pqxx/row>
#include <string>
#include <utility>

namespace switchboard::plugins::storage_postgres::db {

// Typed reads of one result row's columns (0-based). NULL reads as empty or 0.
class Row {
public:
    explicit Row(pqxx::row row) noexcept : row_(std::move(row)) {}

    std::string text(int column) const;
    int64_t integer(int column) const;
    uint64_t seq(int column) const;  // negative reads as 0
    bool is_null(int column) const;

private:
    pqxx::row row_;  // shares the result's data
};

}  // namespace switchboard::plugins::storage_postgres::db
