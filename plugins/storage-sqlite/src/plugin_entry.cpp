// The storage.sqlite plugin's entry point and declared options.
#include "settings.hpp"
#include "sqlite_storage.hpp"
#include "switchboard/sdk/plugin.hpp"

namespace {

using switchboard::plugins::storage_sqlite::Settings;
using switchboard::sdk::option;

constexpr sb_option kOptions[] = {
    option("path", SB_OPT_STRING, nullptr, true,
           "Database file; its parent directories are created (e.g. ${SB_DATA_DIR:-./data}/switchboard.db)"),
    option("synchronous", SB_OPT_STRING, "normal", false,
           "normal: durable across a process crash; full: also across power loss, slower commits", 0, 0, "normal|full"),
    option("busy_timeout", SB_OPT_DURATION, "5s", false,
           "How long to wait for another process holding the database's write lock", 0, Settings::kMaxBusyTimeoutMs),
    option("max_batch", SB_OPT_INT, "1000", false, "Most write operations committed in one transaction", 1,
           Settings::kMaxBatch),
    option("batch_window", SB_OPT_DURATION, "5ms", false,
           "Under load, the least time from one write transaction's start to the next's, so that each commits a "
           "larger batch (0: commit as soon as the previous one is done)",
           0, Settings::kMaxBatchWindowMs),
    option("reader_threads", SB_OPT_INT, "1", false, "Threads (each with its own connection) serving reads", 1,
           Settings::kMaxReaderThreads),
    option("cache_size", SB_OPT_SIZE, "16MiB", false, "SQLite page cache per connection", Settings::kMinCacheSize,
           Settings::kMaxCacheSize),
    option("mmap_size", SB_OPT_SIZE, "256MiB", false,
           "Memory map per connection for reading pages (0: read() only); address space, not RAM", 0,
           Settings::kMaxCacheSize),
    option("max_queue", SB_OPT_INT, "100000", false,
           "Operations waiting per queue (writes, reads) before calls are refused with busy", 1, Settings::kMaxQueue),
    option("migrate", SB_OPT_BOOL, "true", false,
           "Apply pending schema migrations at start; false: refuse to start on an outdated schema "
           "(apply them with `switchboard migrate`)"),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::storage_sqlite::SqliteStorage, "storage.sqlite", "1.0.0",
                  "Embedded storage on SQLite (WAL, group commit)", kOptions)
