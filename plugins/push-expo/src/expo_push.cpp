#include "expo_push.hpp"

#include "expo_message.hpp"
#include "expo_tickets.hpp"

namespace switchboard::plugins::push_expo {

ExpoPush::ExpoPush(const sdk::Host& host)
    : host_(host),
      config_(ExpoConfig::from(host)),
      client_(config_.client),
      receipts_(client_, config_, [this](const std::string& token) {
          if (!host_.push_dead_token("expo", token))
              host_.warn("push.expo: receipt says " + token + " is no longer registered, but this server cannot be told");
      }) {}

void ExpoPush::start() {
    client_.start();
    running_ = true;
    host_.info("push.expo: sending to " + config_.send_url + " in batches of up to " +
               std::to_string(config_.batch_size) + (config_.access_token.empty() ? "" : " with an access token"));
}

void ExpoPush::stop() {
    running_ = false;
    receipts_.stop();
    client_.stop();
}

sb_status ExpoPush::send(const sdk::Notification& n, sdk::PushDone done) {
    if (!running_) return SB_ERR_UNAVAILABLE;
    if (!ExpoMessage::is_expo_token(n.token)) {
        client_.post(std::chrono::milliseconds(0), [done] { done.rejected(0, "not an Expo push token"); });
        return SB_OK;
    }
    if (unanswered_.load() >= config_.client.max_queued) return SB_ERR_BUSY;
    ++unanswered_;
    std::vector<Queued> full;
    bool first;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        batch_.push_back(Queued{ExpoMessage::build(n), std::string(n.token), done});
        first = batch_.size() == 1;
        if (batch_.size() >= config_.batch_size) full.swap(batch_);
    }
    if (!full.empty()) flush(std::move(full));
    else if (first) client_.post(config_.batch_delay, [this] { flush_current(); });
    return SB_OK;
}

void ExpoPush::flush_current() {
    std::vector<Queued> batch;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        batch.swap(batch_);
    }
    if (!batch.empty()) flush(std::move(batch));
}

void ExpoPush::flush(std::vector<Queued> batch) {
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& q : batch) messages.push_back(q.message);
    sdk::push::HttpRequest request;
    request.url = config_.send_url;
    request.headers = config_.headers();
    request.body = messages.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    auto shared = std::make_shared<std::vector<Queued>>(std::move(batch));
    auto answer = [this, shared](sdk::push::HttpResponse&& response) {
        auto tickets = ExpoTickets::read(response, shared->size());
        for (size_t i = 0; i < shared->size(); ++i) {
            auto& q = (*shared)[i];
            if (!tickets[i].receipt_id.empty()) receipts_.track(tickets[i].receipt_id, q.token);
            --unanswered_;
            tickets[i].outcome.report(q.done);
        }
    };
    auto admission = client_.submit(std::move(request), answer);
    if (admission != sdk::push::Http2Client::Admission::queued) {
        sdk::push::HttpResponse refused;
        refused.error = admission == sdk::push::Http2Client::Admission::stopped ? "stopped" : "queue full";
        answer(std::move(refused));
    }
}

}  // namespace switchboard::plugins::push_expo
