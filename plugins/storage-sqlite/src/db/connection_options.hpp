#pragma once

#include <cstdint>
#include <string>

namespace switchboard::plugins::storage_sqlite::db {

// How every connection to the database file is opened and tuned.
struct ConnectionOptions {
    std::string path;
    bool synchronous_full = false;   // FULL survives power loss; NORMAL (WAL) survives a process crash
    int64_t busy_timeout_ms = 5000;  // waits for another process holding the write lock
    int64_t cache_size_bytes = 16 << 20;
    int64_t mmap_size_bytes = 256 << 20;  // 0: read with pread() only
    bool read_only = false;  // reader connections refuse writes
};

}  // namespace switchboard::plugins::storage_sqlite::db
