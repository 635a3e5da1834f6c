#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <string>
#include <unordered_map>
#include <vector>

#include "db/connection_settings.hpp"
#include "db/notice_logger.hpp"
#include "db/query.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::db {

// One connection to PostgreSQL, used by one thread at a time, that can be
// dropped when it breaks and opened again. Each session gets the configured
// search_path and statement_timeout. Transactions are explicit: the owner
// sends BEGIN, SAVEPOINT, COMMIT itself, so a batch controls its own
// savepoints. Prepared statements are kept per session.
class Connection {
public:
    Connection(ConnectionSettings settings, const sdk::Host& host);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Connects unless connected. Throws PostgresError(SB_ERR_UNAVAILABLE)
    // when the server cannot be reached; for a second after a failed
    // attempt, calls fail at once with the same reason instead of trying again.
    void open();
    // Drops the session (after it broke); the next open() starts a new one.
    void close() noexcept;
    bool is_open() const noexcept { return connection_ != nullptr; }

    // Statements without parameters, several separated by ';' (transaction
    // control, schema changes). Throws PostgresError / ConnectionLost.
    void execute(const std::string& sql);

    // A use of the prepared statement for `sql`, which must be a string
    // literal: statements are prepared once per session, keyed by its address.
    Query query(const char* sql) { return Query(*this, sql); }
    pqxx::result run_prepared(const char* sql, const std::vector<std::optional<std::string>>& values);

    // The identifier quoted for SQL ("my schema" -> "\"my schema\"").
    std::string quote_name(const std::string& identifier);

    const ConnectionSettings& settings() const noexcept { return settings_; }
    // "server 15.4, backend pid 1234", for logs; empty when not connected.
    std::string session_description() const;

private:
    // Converts the pqxx exception being handled into a PostgresError.
    [[noreturn]] void rethrow(const std::string& sql);

    ConnectionSettings settings_;
    sdk::Host host_;
    std::unique_ptr<pqxx::connection> connection_;
    std::unique_ptr<NoticeLogger> notices_;
    std::unique_ptr<pqxx::nontransaction> session_;  // pqxx runs statements through a transaction object
    std::unordered_map<const char*, std::string> prepared_;
    std::chrono::steady_clock::time_point next_attempt_{};
    std::string last_failure_;
};

}  // namespace switchboard::plugins::storage_postgres::db
