#pragma once

#include <string>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres::db {

// A failed PostgreSQL call, with the storage status the host sees for it, so
// callers can tell a unique-key conflict from an unreachable server.
class PostgresError : public sdk::Error {
public:
    using sdk::Error::Error;

    // The status for an SQLSTATE error code: unique key taken -> conflict,
    // invalid data -> bad request, server shutting down or overloaded -> unavailable.
    static sb_status status_for(const std::string& sqlstate) noexcept;
};

}  // namespace switchboard::plugins::storage_postgres::db
