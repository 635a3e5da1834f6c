#pragma once

#include <atomic>

#include "apns_config.hpp"
#include "apns_request.hpp"
#include "provider_token.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"

namespace switchboard::plugins::push_apns {

// The push.apns plugin instance: each notification is one request on the
// HTTP/2 client pool (client_threads threads, each with its connections to
// the APNs hosts), authorised by the reused provider token.
class ApnsPush : public sdk::PushPlugin<ApnsPush> {
public:
    explicit ApnsPush(const sdk::Host& host);

    void start();
    void stop();

    sb_status send(const sdk::Notification& n, sdk::PushDone done);

private:
    sdk::Host host_;
    ApnsConfig config_;
    ProviderToken token_;
    ApnsRequest request_;
    sdk::push::Http2ClientPool client_;
};

}  // namespace switchboard::plugins::push_apns
