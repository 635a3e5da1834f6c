#pragma once

#include <chrono>
#include <string>

#include "service_account.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"

namespace switchboard::plugins::push_fcm {

// The plugin's validated options (plugin.cpp declares them).
struct FcmConfig {
    ServiceAccount account;
    std::string project_id;  // the option, else the service account's
    std::string endpoint;    // https://fcm.googleapis.com, without a trailing slash
    std::string token_uri;   // the option, else the service account's, else Google's
    std::chrono::seconds token_refresh_margin{300};
    sdk::push::Http2ClientPool::Options client;

    std::string send_url() const { return endpoint + "/v1/projects/" + project_id + "/messages:send"; }

    static FcmConfig from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::push_fcm
