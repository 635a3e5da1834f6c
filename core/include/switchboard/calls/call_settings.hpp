#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace switchboard::config {
class Section;
}

namespace switchboard::calls {

// What happens to an invite for a user who is already in a call.
enum class BusyPolicy {
    reject,  // the caller gets call.ended {reason:"busy"} at once
    notify,  // the callee gets call.incoming with busy:true and decides
};

// The `calls:` section of switchboard.yaml, read once at start.
struct CallSettings {
    int64_t ring_timeout_ms = 45'000;
    int64_t reconnect_grace_ms = 10'000;
    BusyPolicy busy_policy = BusyPolicy::reject;
    size_t max_signal_bytes = 64 * 1024;
    std::vector<std::string> stun_urls;
    std::vector<std::string> turn_urls;
    std::string turn_secret;
    int64_t turn_ttl_ms = 6LL * 3600 * 1000;

    // Throws config::ConfigError when TURN URLs come without a secret.
    static CallSettings from(const config::Section& calls);
};

}  // namespace switchboard::calls
