#pragma once

#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"

namespace switchboard::plugins::push_webhook {

// The plugin's validated options (plugin.cpp declares them).
struct WebhookConfig {
    std::string url;
    std::string secret;  // HMAC-SHA256 key of the signature header
    sdk::push::Http2ClientPool::Options client;

    // Throws sdk::Error(SB_ERR_BAD_REQUEST) for a URL that is not http(s) or a
    // secret shorter than 16 bytes.
    static WebhookConfig from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::push_webhook
