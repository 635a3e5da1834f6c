#pragma once

#include <pqxx/connection_base>
#include <pqxx/errorhandler>

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::db {

// Sends the server's warnings on one connection to the host's log instead of
// libpq's default, stderr. Registered for the life of the connection.
class NoticeLogger : public pqxx::errorhandler {
public:
    NoticeLogger(pqxx::connection_base& connection, const sdk::Host& host) : pqxx::errorhandler(connection), host_(host) {}

    bool operator()(const char message[]) noexcept override;

private:
    sdk::Host host_;
};

}  // namespace switchboard::plugins::storage_postgres::db
