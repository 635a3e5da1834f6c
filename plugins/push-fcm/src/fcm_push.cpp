#include "fcm_push.hpp"

#include "fcm_answer.hpp"
#include "fcm_message.hpp"

namespace switchboard::plugins::push_fcm {

FcmPush::FcmPush(const sdk::Host& host)
    : host_(host),
      config_(FcmConfig::from(host)),
      client_(config_.client),
      tokens_(client_, config_.account, config_.token_uri, config_.token_refresh_margin) {}

void FcmPush::start() {
    client_.start();
    running_ = true;
    host_.info("push.fcm: project " + config_.project_id + " at " + config_.endpoint + " as " +
               config_.account.client_email);
}

void FcmPush::stop() {
    running_ = false;
    client_.stop();
}

sb_status FcmPush::send(const sdk::Notification& n, sdk::PushDone done) {
    if (!running_) return SB_ERR_UNAVAILABLE;
    if (client_.queued() >= config_.client.client.max_queued) return SB_ERR_BUSY;
    tokens_.acquire([this, body = FcmMessage::build(n), done](const std::string* token,
                                                              const sdk::push::PushOutcome* failure) mutable {
        if (!token) return failure->report(done);
        post(std::move(body), *token, done);
    });
    return SB_OK;
}

void FcmPush::post(std::string body, const std::string& token, sdk::PushDone done) {
    sdk::push::HttpRequest request;
    request.url = config_.send_url();
    request.headers = {"Content-Type: application/json; charset=UTF-8", "Authorization: Bearer " + token};
    request.body = std::move(body);
    auto admission = client_.submit(std::move(request), [this, token, done](sdk::push::HttpResponse&& response) {
        if (response.status == 401) tokens_.invalidate(token);
        FcmAnswer::outcome(response).report(done);
    });
    if (admission == sdk::push::Http2Client::Admission::stopped) done.retry(0, "stopped");
    if (admission == sdk::push::Http2Client::Admission::queue_full) done.retry(0, "queue full");
}

}  // namespace switchboard::plugins::push_fcm
