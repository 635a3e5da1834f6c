#pragma once

#include <string>
#include <string_view>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"
#include "vapid_signer.hpp"
#include "webpush_config.hpp"
#include "webpush_request.hpp"

namespace switchboard::plugins::push_webpush {

// The push.webpush plugin instance: each notification is encrypted for its
// subscription (in send(), on the caller's thread: most of a message's cost)
// and POSTed to the subscription's push service on the shared HTTP/2 client
// pool (connections per push service, client_threads threads).
class WebPushPush : public sdk::PushPlugin<WebPushPush> {
public:
    explicit WebPushPush(const sdk::Host& host);

    void start();
    void stop();

    sb_status send(const sdk::Notification& n, sdk::PushDone done);

    // {"vapid_public_key": …}: the applicationServerKey browsers subscribe with.
    std::string_view client_config_json() const noexcept { return client_config_; }

private:
    sdk::Host host_;
    WebPushConfig config_;
    VapidSigner vapid_;
    WebPushRequest request_;
    sdk::push::Http2ClientPool client_;
    std::string client_config_;
};

}  // namespace switchboard::plugins::push_webpush
