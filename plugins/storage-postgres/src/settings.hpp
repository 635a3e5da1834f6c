#pragma once

#include <cstddef>
#include <cstdint>

#include "db/connection_settings.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres {

// The plugin's configuration, read from the host and checked. The bounds
// here are the ones the options declare (plugin_entry.cpp).
struct Settings {
    static constexpr int64_t kMinPoolSize = 2;
    static constexpr int64_t kMaxPoolSize = 64;
    static constexpr int64_t kMaxBatch = 100'000;
    static constexpr int64_t kMaxQueue = 10'000'000;
    static constexpr int64_t kMinConnectTimeoutMs = 1'000;
    static constexpr int64_t kMaxConnectTimeoutMs = 300'000;
    static constexpr int64_t kMaxStatementTimeoutMs = 3'600'000;

    db::ConnectionSettings connection;
    size_t pool_size = 4;  // one writer, the rest readers
    size_t max_batch = 1000;
    size_t max_queue = 100'000;
    bool migrate = true;

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) naming the option at fault.
    static Settings from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::storage_postgres
