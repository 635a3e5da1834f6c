#include "db/query.hpp"

#include <limits>

#include "db/connection.hpp"
#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres::db {

Query& Query::text(std::string_view value) {
    if (value.find('\0') != std::string_view::npos)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "storage.postgres: text with a NUL byte cannot be stored");
    values_.emplace_back(std::string(value));
    return *this;
}

Query& Query::integer(int64_t value) {
    values_.emplace_back(std::to_string(value));
    return *this;
}

Query& Query::seq(uint64_t value) {
    constexpr uint64_t max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    return integer(static_cast<int64_t>(value > max ? max : value));
}

Query& Query::optional_text(const std::optional<std::string>& value) {
    if (value) return text(*value);
    values_.emplace_back(std::nullopt);
    return *this;
}

Query& Query::text_array(const std::vector<std::string_view>& values) {
    // The array literal: {"a","b \" c"}, every element quoted, " and \ escaped.
    std::string literal = "{";
    for (std::string_view value : values) {
        if (value.find('\0') != std::string_view::npos)
            throw sdk::Error(SB_ERR_BAD_REQUEST, "storage.postgres: text with a NUL byte cannot be stored");
        if (literal.size() > 1) literal += ',';
        literal += '"';
        for (char c : value) {
            if (c == '"' || c == '\\') literal += '\\';
            literal += c;
        }
        literal += '"';
    }
    values_.emplace_back(literal + "}");
    return *this;
}

Query& Query::integer_array(const std::vector<int64_t>& values) {
    std::string literal = "{";
    for (int64_t value : values) {
        if (literal.size() > 1) literal += ',';
        literal += std::to_string(value);
    }
    values_.emplace_back(literal + "}");
    return *this;
}

pqxx::result Query::run() {
    return connection_.run_prepared(sql_, values_);
}

}  // namespace switchboard::plugins::storage_postgres::db
