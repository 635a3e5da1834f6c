#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "db/connection_options.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_sqlite {

// The plugin's configuration, read from the host and checked. The bounds
// here are the ones the options declare (plugin_entry.cpp).
struct Settings {
    static constexpr int64_t kMaxBusyTimeoutMs = 3'600'000;
    static constexpr int64_t kMaxBatch = 100'000;
    static constexpr int64_t kMaxBatchWindowMs = 1000;
    static constexpr int64_t kMaxReaderThreads = 16;
    static constexpr int64_t kMinCacheSize = 64 << 10;
    static constexpr int64_t kMaxCacheSize = int64_t{64} << 30;
    static constexpr int64_t kMaxQueue = 10'000'000;

    db::ConnectionOptions connection;
    size_t max_batch = 1000;
    std::chrono::milliseconds batch_window{5};
    size_t reader_threads = 1;
    size_t max_queue = 100'000;
    bool migrate = true;

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) naming the option at fault.
    static Settings from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::storage_sqlite
