#pragma once

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"
#include "webhook_config.hpp"
#include "webhook_request.hpp"

namespace switchboard::plugins::push_webhook {

// The push.webhook plugin instance: each notification becomes one signed POST
// on the shared HTTP/2 client; its answer is reported to the kernel.
class WebhookPush : public sdk::PushPlugin<WebhookPush> {
public:
    explicit WebhookPush(const sdk::Host& host);

    void start();
    void stop();

    sb_status send(const sdk::Notification& n, sdk::PushDone done);

private:
    sdk::Host host_;
    WebhookConfig config_;
    WebhookRequest request_;
    sdk::push::Http2ClientPool client_;
};

}  // namespace switchboard::plugins::push_webhook
