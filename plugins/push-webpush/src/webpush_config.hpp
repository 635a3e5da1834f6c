#pragma once

#include <chrono>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"
#include "vapid_keys.hpp"

namespace switchboard::plugins::push_webpush {

// The plugin's validated options (plugin.cpp declares them).
struct WebPushConfig {
    VapidKeys keys;
    std::string subject;  // "mailto:…" or "https://…": how the push service reaches the operator
    std::chrono::seconds default_ttl{86400};
    sdk::push::Http2ClientPool::Options client;

    // Keys from vapid_private_key (+ vapid_public_key) or vapid_private_key_file;
    // exactly one of the two must be set.
    static WebPushConfig from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::push_webpush
