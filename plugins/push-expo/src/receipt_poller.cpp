#include "receipt_poller.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_expo {

void ReceiptPoller::track(std::string receipt_id, std::string token) {
    pending_.push_back(Pending{std::move(receipt_id), std::move(token), 0, Clock::now() + config_.receipt_delay});
    schedule();
}

void ReceiptPoller::schedule() {
    if (scheduled_ || pending_.empty() || stopped_) return;
    auto first = std::min_element(pending_.begin(), pending_.end(),
                                  [](const Pending& a, const Pending& b) { return a.due < b.due; });
    auto wait = std::chrono::ceil<std::chrono::milliseconds>(std::max(first->due - Clock::now(), Clock::duration(0)));
    scheduled_ = true;
    client_.post(wait, [this] {
        scheduled_ = false;
        poll();
    });
}

void ReceiptPoller::poll() {
    if (stopped_) return;
    auto now = Clock::now();
    std::vector<Pending> batch;
    for (auto it = pending_.begin(); it != pending_.end() && batch.size() < kMaxIds;) {
        if (it->due <= now) {
            batch.push_back(std::move(*it));
            it = pending_.erase(it);
        } else {
            ++it;
        }
    }
    if (!batch.empty()) {
        nlohmann::json ids = nlohmann::json::array();
        for (const auto& p : batch) ids.push_back(p.id);
        sdk::push::HttpRequest request;
        request.url = config_.receipts_url;
        request.headers = config_.headers();
        request.body = nlohmann::json{{"ids", ids}}.dump();
        auto shared = std::make_shared<std::vector<Pending>>(std::move(batch));
        auto admission = client_.submit(std::move(request), [this, shared](sdk::push::HttpResponse&& response) {
            nlohmann::json doc = nlohmann::json::parse(response.body, nullptr, false);
            if (response.status != 200 || !doc.is_object() || !doc.contains("data") || !doc["data"].is_object())
                return retry_later(std::move(*shared));
            std::vector<Pending> not_ready;
            for (auto& p : *shared) {
                auto it = doc["data"].find(p.id);
                if (it == doc["data"].end()) {
                    not_ready.push_back(std::move(p));
                    continue;
                }
                const auto& receipt = *it;
                if (receipt.value("status", "") == "error" && receipt.contains("details") &&
                    receipt["details"].is_object() && receipt["details"].value("error", "") == "DeviceNotRegistered")
                    on_dead_(p.token);
            }
            retry_later(std::move(not_ready));
        });
        if (admission == sdk::push::Http2Client::Admission::queue_full) retry_later(std::move(*shared));
    }
    schedule();
}

void ReceiptPoller::retry_later(std::vector<Pending> batch) {
    for (auto& p : batch) {
        if (++p.attempts >= kMaxAttempts) continue;
        p.due = Clock::now() + config_.receipt_delay;
        pending_.push_back(std::move(p));
    }
    schedule();
}

}  // namespace switchboard::plugins::push_expo
