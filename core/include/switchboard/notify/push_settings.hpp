#pragma once

#include <cstdint>

namespace switchboard::config {
class Section;
}

namespace switchboard::notify {

// The `push:` section of switchboard.yaml, read once at start (docs/push.md).
struct PushSettings {
    bool enabled = true;
    int64_t read_cancel_delay_ms = 2000;  // a message's push waits this long; a read meanwhile cancels it
    bool hidden_content = false;          // no title or body leaves the server, only ids
    uint32_t preview_chars = 200;         // longest body preview, in characters
    uint32_t max_attempts = 10;
    int64_t max_age_ms = 24LL * 3600 * 1000;
    int64_t backoff_base_ms = 1000;
    int64_t backoff_max_ms = 5LL * 60 * 1000;
    int64_t message_ttl_ms = 24LL * 3600 * 1000;
    int64_t call_ttl_ms = 30'000;
    int64_t poll_interval_ms = 250;
    uint32_t batch_size = 200;
    int64_t claim_lease_ms = 60'000;  // a claimed entry not settled by then (a crash) is due again

    static PushSettings from(const config::Section& push);
};

}  // namespace switchboard::notify
