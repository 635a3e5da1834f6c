#include "apns_push.hpp"

#include <chrono>

#include "apns_answer.hpp"

namespace switchboard::plugins::push_apns {

ApnsPush::ApnsPush(const sdk::Host& host)
    : host_(host),
      config_(ApnsConfig::from(host)),
      token_(config_.key_pem, config_.key_id, config_.team_id, config_.token_refresh),
      request_(config_),
      client_(config_.client) {}

void ApnsPush::start() {
    client_.start();
    host_.info("push.apns: topic " + config_.bundle_id + " (team " + config_.team_id + ", key " + config_.key_id +
               ") at " + config_.production_url + " and " + config_.sandbox_url);
}

void ApnsPush::stop() { client_.stop(); }

sb_status ApnsPush::send(const sdk::Notification& n, sdk::PushDone done) {
    auto now = std::chrono::system_clock::now();
    std::string jwt = token_.current(now);
    auto unix_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    auto request = request_.build(n, jwt, unix_seconds);
    if (!request) {
        // As APNs would answer, without asking it; reported from a client thread like any answer.
        client_.post(std::chrono::milliseconds(0), [done] { done.dead_token(0, "BadDeviceToken"); });
        return SB_OK;
    }
    auto admission = client_.submit(std::move(*request),
                                    [this, jwt, done](sdk::push::HttpResponse&& response) {
                                        auto outcome = ApnsAnswer::outcome(response);
                                        if (outcome.reason == "ExpiredProviderToken") token_.expire(jwt);
                                        outcome.report(done);
                                    });
    if (admission == sdk::push::Http2Client::Admission::queued) return SB_OK;
    return admission == sdk::push::Http2Client::Admission::queue_full ? SB_ERR_BUSY : SB_ERR_UNAVAILABLE;
}

}  // namespace switchboard::plugins::push_apns
