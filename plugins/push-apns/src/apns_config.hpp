#pragma once

#include <chrono>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"

namespace switchboard::plugins::push_apns {

// The plugin's validated options (plugin.cpp declares them).
struct ApnsConfig {
    std::string key_pem;  // the .p8 signing key's text
    std::string key_id;
    std::string team_id;
    std::string bundle_id;       // apns-topic; "<bundle_id>.voip" for VoIP pushes
    std::string production_url;  // without a trailing slash
    std::string sandbox_url;
    bool sandbox_by_default = false;  // for devices that registered no environment
    std::chrono::seconds token_refresh{2400};
    sdk::push::Http2ClientPool::Options client;

    static ApnsConfig from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::push_apns
