#include "settings.hpp"

#include <string>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_postgres {

namespace {

int64_t bounded(const sdk::Host& host, const char* key, int64_t min, int64_t max) {
    int64_t value = host.integer(key);
    if (value < min || value > max)
        throw sdk::Error(SB_ERR_BAD_REQUEST, std::string("storage.postgres: option '") + key + "' must be between " +
                                                 std::to_string(min) + " and " + std::to_string(max) + ", not " +
                                                 std::to_string(value));
    return value;
}

// A name usable unquoted in SQL and by tools (psql, the copy script):
// lower-case letters, digits and '_', not starting with a digit, at most 63 bytes.
bool plain_identifier(const std::string& name) {
    if (name.empty() || name.size() > 63 || (name[0] >= '0' && name[0] <= '9')) return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace

Settings Settings::from(const sdk::Host& host) {
    Settings settings;
    int64_t connect_timeout_ms = bounded(host, "connect_timeout", kMinConnectTimeoutMs, kMaxConnectTimeoutMs);
    settings.connection = db::ConnectionSettings::parse(host.string("url"), connect_timeout_ms);
    settings.connection.schema = host.string("schema");
    if (!plain_identifier(settings.connection.schema))
        throw sdk::Error(SB_ERR_BAD_REQUEST,
                         "storage.postgres: option 'schema' must be lower-case letters, digits and '_' (not first), "
                         "at most 63 of them, not '" +
                             settings.connection.schema + "'");
    settings.connection.statement_timeout_ms = bounded(host, "statement_timeout", 0, kMaxStatementTimeoutMs);
    settings.pool_size = static_cast<size_t>(bounded(host, "pool_size", kMinPoolSize, kMaxPoolSize));
    settings.max_batch = static_cast<size_t>(bounded(host, "max_batch", 1, kMaxBatch));
    settings.max_queue = static_cast<size_t>(bounded(host, "max_queue", 1, kMaxQueue));
    settings.migrate = host.boolean("migrate");
    return settings;
}

}  // namespace switchboard::plugins::storage_postgres
