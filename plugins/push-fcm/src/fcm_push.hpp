#pragma once

#include <memory>

#include "access_token_source.hpp"
#include "fcm_config.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"

namespace switchboard::plugins::push_fcm {

// The push.fcm plugin instance: each notification is one HTTP v1 send on the
// shared HTTP/2 client, authorised by the cached OAuth2 access token.
class FcmPush : public sdk::PushPlugin<FcmPush> {
public:
    explicit FcmPush(const sdk::Host& host);

    void start();
    void stop();

    sb_status send(const sdk::Notification& n, sdk::PushDone done);

private:
    void post(std::string body, const std::string& token, sdk::PushDone done);

    sdk::Host host_;
    FcmConfig config_;
    sdk::push::Http2ClientPool client_;
    AccessTokenSource tokens_;
    std::atomic<bool> running_{false};
};

}  // namespace switchboard::plugins::push_fcm
