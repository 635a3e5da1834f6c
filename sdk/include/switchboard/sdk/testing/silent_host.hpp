// Switchboard C++ SDK (header-only): a host table that drops logs, for tests
// of a plugin's internals (classes that take an sdk::Host) without TestHost.
#pragma once

#include "switchboard/host.h"

namespace switchboard::sdk::testing {

inline sb_host silent_host() {
    sb_host host{};
    host.struct_size = sizeof(host);
    host.log = [](void*, sb_log_level, const char*, size_t) {};
    host.log_enabled = [](void*, sb_log_level) -> int32_t { return 0; };
    return host;
}

}  // namespace switchboard::sdk::testing
