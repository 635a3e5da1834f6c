#pragma once

#include <chrono>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http2_client.hpp"

namespace switchboard::plugins::push_expo {

// The plugin's validated options (plugin.cpp declares them).
struct ExpoConfig {
    std::string send_url;
    std::string receipts_url;
    std::string access_token;  // empty: none (the project does not require one)
    size_t batch_size = 100;
    std::chrono::milliseconds batch_delay{20};
    std::chrono::milliseconds receipt_delay{15 * 60 * 1000};
    sdk::push::Http2Client::Options client;

    // The headers of every request to Expo.
    std::vector<std::string> headers() const;

    static ExpoConfig from(const sdk::Host& host);
};

}  // namespace switchboard::plugins::push_expo
