#pragma once

#include <cstdint>
#include <string>

namespace switchboard::plugins::storage_postgres::db {

// How every connection of the pool reaches PostgreSQL and sets up its session.
struct ConnectionSettings {
    std::string conninfo;     // keyword='value' pairs for libpq, built from the configured url
    std::string description;  // the target without its password, for messages
    std::string schema = "switchboard";
    int64_t statement_timeout_ms = 30'000;  // 0: no limit

    // Parses `url` (postgresql://user@host:port/db?param=value, or libpq's
    // "key=value ..." form) with libpq itself and adds connect_timeout
    // (rounded up to whole seconds, as libpq counts) and an application_name
    // unless the url sets one. Throws sdk::Error(SB_ERR_BAD_REQUEST) with
    // libpq's reason for a url it cannot parse.
    static ConnectionSettings parse(const std::string& url, int64_t connect_timeout_ms);
};

}  // namespace switchboard::plugins::storage_postgres::db
