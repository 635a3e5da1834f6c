#include "db/postgres_error.hpp"

namespace switchboard::plugins::storage_postgres::db {

sb_status PostgresError::status_for(const std::string& sqlstate) noexcept {
    if (sqlstate == "23505") return SB_ERR_CONFLICT;   // unique_violation
    if (sqlstate == "23503") return SB_ERR_NOT_FOUND;  // foreign_key_violation
    if (sqlstate == "23502" || sqlstate == "23514") return SB_ERR_BAD_REQUEST;  // not null, check
    // query_canceled (statement_timeout), serialization failure, deadlock,
    // read-only transaction (a standby), admin shutdown, crash, cannot connect now.
    if (sqlstate == "57014" || sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "25006" ||
        sqlstate.rfind("57P", 0) == 0)
        return SB_ERR_UNAVAILABLE;
    std::string error_class = sqlstate.substr(0, 2);
    if (error_class == "22") return SB_ERR_BAD_REQUEST;  // data exception: a value PostgreSQL cannot store
    if (error_class == "08" || error_class == "53") return SB_ERR_UNAVAILABLE;  // connection; disk, memory, connections
    return SB_ERR_INTERNAL;
}

}  // namespace switchboard::plugins::storage_postgres::db
