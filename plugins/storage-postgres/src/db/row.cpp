#include "db/row.hpp"

#include <pqxx/field>

namespace switchboard::plugins::storage_postgres::db {

std::string Row::text(int column) const {
    const pqxx::field field = row_[column];
    if (field.is_null()) return {};
    return std::string(field.c_str(), field.size());
}

int64_t Row::integer(int column) const {
    const pqxx::field field = row_[column];
    return field.is_null() ? 0 : field.as<int64_t>();
}

uint64_t Row::seq(int column) const {
    int64_t value = integer(column);
    return value > 0 ? static_cast<uint64_t>(value) : 0;
}

bool Row::is_null(int column) const {
    return row_[column].is_null();
}

}  // namespace switchboard::plugins::storage_postgres::db
