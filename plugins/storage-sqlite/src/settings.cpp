#include "settings.hpp"

#include <string>

#include "switchboard/sdk/error.hpp"

namespace switchboard::plugins::storage_sqlite {

namespace {
int64_t bounded(const sdk::Host& host, const char* key, int64_t min, int64_t max) {
    int64_t value = host.integer(key);
    if (value < min || value > max)
        throw sdk::Error(SB_ERR_BAD_REQUEST, std::string("storage.sqlite: option '") + key + "' must be between " +
                                                 std::to_string(min) + " and " + std::to_string(max) + ", not " +
                                                 std::to_string(value));
    return value;
}
}  // namespace

Settings Settings::from(const sdk::Host& host) {
    Settings settings;
    settings.connection.path = host.string("path");
    if (settings.connection.path.empty())
        throw sdk::Error(SB_ERR_BAD_REQUEST, "storage.sqlite: option 'path' must name the database file");
    if (settings.connection.path == ":memory:" || settings.connection.path.rfind("file:", 0) == 0)
        throw sdk::Error(SB_ERR_BAD_REQUEST,
                         "storage.sqlite: option 'path' must be a file path (WAL needs a file shared by connections)");
    std::string synchronous = host.string("synchronous");
    if (synchronous != "normal" && synchronous != "full")
        throw sdk::Error(SB_ERR_BAD_REQUEST,
                         "storage.sqlite: option 'synchronous' must be normal or full, not '" + synchronous + "'");
    settings.connection.synchronous_full = synchronous == "full";
    settings.connection.busy_timeout_ms = bounded(host, "busy_timeout", 0, kMaxBusyTimeoutMs);
    settings.connection.cache_size_bytes = bounded(host, "cache_size", kMinCacheSize, kMaxCacheSize);
    settings.connection.mmap_size_bytes = bounded(host, "mmap_size", 0, kMaxCacheSize);
    settings.max_batch = static_cast<size_t>(bounded(host, "max_batch", 1, kMaxBatch));
    settings.batch_window = std::chrono::milliseconds(bounded(host, "batch_window", 0, kMaxBatchWindowMs));
    settings.reader_threads = static_cast<size_t>(bounded(host, "reader_threads", 1, kMaxReaderThreads));
    settings.max_queue = static_cast<size_t>(bounded(host, "max_queue", 1, kMaxQueue));
    settings.migrate = host.boolean("migrate");
    return settings;
}

}  // namespace switchboard::plugins::storage_sqlite
