#pragma once

#include "switchboard/host.h"

namespace switchboard::plugins::storage_postgres::testing {

// A host table that drops logs, for tests of the plugin's internals.
inline sb_host silent_host() {
    sb_host host{};
    host.struct_size = sizeof(host);
    host.log = [](void*, sb_log_level, const char*, size_t) {};
    host.log_enabled = [](void*, sb_log_level) -> int32_t { return 0; };
    return host;
}

}  // namespace switchboard::plugins::storage_postgres::testing
