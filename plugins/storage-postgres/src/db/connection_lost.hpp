#pragma once

#include <string>

#include "db/postgres_error.hpp"

namespace switchboard::plugins::storage_postgres::db {

// The connection to PostgreSQL broke (server restarted, network, backend
// terminated). Nothing more can run on it: the owner closes it and connects
// again. Its status is SB_ERR_UNAVAILABLE.
class ConnectionLost : public PostgresError {
public:
    explicit ConnectionLost(const std::string& message) : PostgresError(SB_ERR_UNAVAILABLE, message) {}
};

}  // namespace switchboard::plugins::storage_postgres::db
