// The storage.postgres plugin's entry point and declared options.
#include "postgres_storage.hpp"
#include "settings.hpp"
#include "switchboard/sdk/plugin.hpp"

namespace {

using switchboard::plugins::storage_postgres::Settings;
using switchboard::sdk::option;

constexpr sb_option kOptions[] = {
    option("url", SB_OPT_STRING, nullptr, true,
           "PostgreSQL connection URL (postgresql://user:password@host:port/database?param=value) or libpq "
           "key=value string"),
    option("schema", SB_OPT_STRING, "switchboard", false,
           "Schema holding Switchboard's tables; created by the migrations when missing"),
    option("pool_size", SB_OPT_INT, "4", false, "Connections to PostgreSQL: one writes, the others serve reads",
           Settings::kMinPoolSize, Settings::kMaxPoolSize),
    option("max_batch", SB_OPT_INT, "1000", false, "Most write operations committed in one transaction", 1,
           Settings::kMaxBatch),
    option("max_queue", SB_OPT_INT, "100000", false,
           "Operations waiting per queue (writes, reads) before calls are refused with busy", 1, Settings::kMaxQueue),
    option("connect_timeout", SB_OPT_DURATION, "5s", false, "How long one connection attempt may take (whole seconds)",
           Settings::kMinConnectTimeoutMs, Settings::kMaxConnectTimeoutMs),
    option("statement_timeout", SB_OPT_DURATION, "30s", false,
           "Longest a statement may run before PostgreSQL cancels it (0: no limit)", 0,
           Settings::kMaxStatementTimeoutMs),
    option("migrate", SB_OPT_BOOL, "true", false,
           "Apply pending schema migrations at start; false: refuse to start on an outdated schema "
           "(apply them with `switchboard migrate`)"),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::storage_postgres::PostgresStorage, "storage.postgres", "1.0.0",
                  "Storage on PostgreSQL (connection pool, group commit)", kOptions)
