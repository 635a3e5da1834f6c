#include "webhook_push.hpp"

#include <chrono>

#include "webhook_answer.hpp"

namespace switchboard::plugins::push_webhook {

WebhookPush::WebhookPush(const sdk::Host& host)
    : host_(host), config_(WebhookConfig::from(host)), request_(config_.url, config_.secret), client_(config_.client) {}

void WebhookPush::start() {
    client_.start();
    host_.info("push.webhook: posting notifications to " + config_.url);
}

void WebhookPush::stop() { client_.stop(); }

sb_status WebhookPush::send(const sdk::Notification& n, sdk::PushDone done) {
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    auto admission = client_.submit(request_.build(n, now.count()), [done](sdk::push::HttpResponse&& response) {
        WebhookAnswer::outcome(response).report(done);
    });
    if (admission == sdk::push::Http2Client::Admission::queued) return SB_OK;
    return admission == sdk::push::Http2Client::Admission::queue_full ? SB_ERR_BUSY : SB_ERR_UNAVAILABLE;
}

}  // namespace switchboard::plugins::push_webhook
