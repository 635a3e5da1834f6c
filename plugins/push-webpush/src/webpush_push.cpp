#include "webpush_push.hpp"

#include <nlohmann/json.hpp>

#include "webpush_answer.hpp"

namespace switchboard::plugins::push_webpush {

WebPushPush::WebPushPush(const sdk::Host& host)
    : host_(host),
      config_(WebPushConfig::from(host)),
      vapid_(config_.keys, config_.subject),
      request_(vapid_, config_.default_ttl),
      client_(config_.client),
      client_config_(nlohmann::json{{"vapid_public_key", config_.keys.public_key_base64url()}}.dump()) {}

void WebPushPush::start() {
    client_.start();
    host_.info("push.webpush: VAPID public key (the applicationServerKey of subscriptions) " +
               config_.keys.public_key_base64url());
}

void WebPushPush::stop() { client_.stop(); }

sb_status WebPushPush::send(const sdk::Notification& n, sdk::PushDone done) {
    auto built = request_.build(n);
    if (auto* outcome = std::get_if<sdk::push::PushOutcome>(&built)) {
        // Reported from a client thread, like every answer.
        client_.post(std::chrono::milliseconds(0), [outcome = *outcome, done] { outcome.report(done); });
        return SB_OK;
    }
    auto admission = client_.submit(std::move(std::get<sdk::push::HttpRequest>(built)),
                                    [done](sdk::push::HttpResponse&& response) {
                                        WebPushAnswer::outcome(response).report(done);
                                    });
    if (admission == sdk::push::Http2Client::Admission::queued) return SB_OK;
    return admission == sdk::push::Http2Client::Admission::queue_full ? SB_ERR_BUSY : SB_ERR_UNAVAILABLE;
}

}  // namespace switchboard::plugins::push_webpush
