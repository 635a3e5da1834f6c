#include "db/connection.hpp"

#include <pqxx/except>

#include "db/connection_lost.hpp"
#include "db/postgres_error.hpp"

namespace switchboard::plugins::storage_postgres::db {

namespace {

constexpr std::chrono::seconds kRetryDelay{1};

// The first line of a server message, without libpq's "ERROR:  " prefix.
std::string first_line(const char* what) {
    std::string text(what);
    text = text.substr(0, text.find('\n'));
    for (const char* prefix : {"ERROR:  ", "FATAL:  "})
        if (text.rfind(prefix, 0) == 0) text.erase(0, std::string(prefix).size());
    return text;
}

}  // namespace

Connection::Connection(ConnectionSettings settings, const sdk::Host& host)
    : settings_(std::move(settings)), host_(host) {}

Connection::~Connection() {
    close();
}

void Connection::open() {
    if (connection_) return;
    auto now = std::chrono::steady_clock::now();
    if (now < next_attempt_) throw PostgresError(SB_ERR_UNAVAILABLE, last_failure_);
    try {
        connection_ = std::make_unique<pqxx::connection>(settings_.conninfo);
        notices_ = std::make_unique<NoticeLogger>(*connection_, host_);
        session_ = std::make_unique<pqxx::nontransaction>(*connection_);
        std::string setup = "SET client_min_messages = warning; SET search_path = " +
                            connection_->quote_name(settings_.schema) +
                            "; SET statement_timeout = " + std::to_string(settings_.statement_timeout_ms);
        session_->exec(setup);
    } catch (const std::exception& e) {
        close();
        next_attempt_ = now + kRetryDelay;
        last_failure_ = "cannot connect to PostgreSQL at " + settings_.description + ": " + first_line(e.what());
        throw PostgresError(SB_ERR_UNAVAILABLE, last_failure_);
    }
}

void Connection::close() noexcept {
    session_.reset();
    notices_.reset();
    connection_.reset();
    prepared_.clear();
}

std::string Connection::session_description() const {
    if (!connection_) return {};
    int version = connection_->server_version();
    return "server " + std::to_string(version / 10000) + "." + std::to_string(version % 10000) + ", backend pid " +
           std::to_string(connection_->backendpid());
}

std::string Connection::quote_name(const std::string& identifier) {
    open();
    return connection_->quote_name(identifier);
}

void Connection::rethrow(const std::string& sql) {
    try {
        throw;
    } catch (const pqxx::broken_connection& e) {
        throw ConnectionLost("lost the connection to PostgreSQL at " + settings_.description + ": " +
                             first_line(e.what()));
    } catch (const pqxx::sql_error& e) {
        // A session the server ends (administrator command, shutdown) reports its last error first.
        if (!connection_->is_open())
            throw ConnectionLost("lost the connection to PostgreSQL at " + settings_.description + ": " +
                                 first_line(e.what()));
        sb_status status = PostgresError::status_for(e.sqlstate());
        std::string message = first_line(e.what());
        if (status == SB_ERR_INTERNAL) message += " (SQLSTATE " + e.sqlstate() + ", running: " + sql + ")";
        throw PostgresError(status, message);
    } catch (const pqxx::failure& e) {
        throw PostgresError(SB_ERR_INTERNAL, first_line(e.what()) + " (running: " + sql + ")");
    }
}

void Connection::execute(const std::string& sql) {
    open();
    try {
        session_->exec(sql);
    } catch (const pqxx::failure&) {
        rethrow(sql);
    }
}

pqxx::result Connection::run_prepared(const char* sql, const std::vector<std::optional<std::string>>& values) {
    open();
    try {
        auto it = prepared_.find(sql);
        if (it == prepared_.end()) {
            std::string name = "s" + std::to_string(prepared_.size() + 1);
            connection_->prepare(name, sql);
            it = prepared_.emplace(sql, std::move(name)).first;
        }
        std::vector<const char*> pointers;
        pointers.reserve(values.size());
        for (const auto& value : values) pointers.push_back(value ? value->c_str() : nullptr);
        return session_->exec_prepared(it->second, pqxx::prepare::make_dynamic_params(pointers));
    } catch (const pqxx::failure&) {
        rethrow(sql);
    }
}

}  // namespace switchboard::plugins::storage_postgres::db
