#include "switchboard/notify/outbox_worker.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include <array>
#include <stdexcept>
#include <string_view>

#include "switchboard/util/clock.hpp"

namespace switchboard::notify {

using nlohmann::json;

namespace {

std::string call_key(const storage::OutboxEntry& e) { return e.call_id + ":" + e.user_id; }

}  // namespace

OutboxWorker::OutboxWorker(runtime::EventLoop& loop, storage::StorageClient& storage,
                           const runtime::SessionRegistry& sessions, const PushRouter& router,
                           const PushSettings& settings, metrics::Registry& metrics)
    : loop_(loop),
      storage_(storage),
      sessions_(sessions),
      router_(router),
      settings_(settings),
      composer_(settings),
      backoff_(settings.backoff_base_ms, settings.backoff_max_ms),
      random_(std::random_device{}()) {
    using metrics::MetricType;
    sent_ = &metrics.add("push_sent_total", "Notifications handed to a push plugin, by provider and outcome",
                         MetricType::counter, {"provider", "outcome"});
    errors_ = &metrics.add("push_errors_total",
                           "Notifications a provider did not accept, by provider and code (HTTP status or reason)",
                           MetricType::counter, {"provider", "code"});
    skipped_ = &metrics.add("push_skipped_total",
                            "Outbox entries ended without a delivery, by reason (policy, expiry, no plugin...)",
                            MetricType::counter, {"reason"});
    devices_deleted_ = &metrics.add("push_devices_deleted_total",
                                    "Devices deleted because their provider said the token is gone, by provider and "
                                    "when (at_send: the send's outcome; after_delivery: reported later)",
                                    MetricType::counter, {"provider", "when"});
}

OutboxWorker::Busy OutboxWorker::hold() {
    busy_.fetch_add(1);
    // The count is shared so a token released on a plugin thread after the
    // worker is gone still has something to decrement.
    return Busy(static_cast<void*>(nullptr), [count = busy_count_](void*) { count->fetch_sub(1); });
}

void OutboxWorker::start() {
    running_ = true;
    schedule(std::chrono::milliseconds(0));
}

void OutboxWorker::stop() {
    running_ = false;
    if (timer_) timer_->cancel();
}

void OutboxWorker::poke() {
    if (running_) schedule(std::chrono::milliseconds(0));
}

void OutboxWorker::schedule(std::chrono::milliseconds delay) {
    if (timer_) timer_->cancel();
    timer_ = loop_.after(delay, [this] { poll(); });
}

void OutboxWorker::poll() {
    if (!running_ || claiming_) return;
    claiming_ = true;
    const int64_t now = util::now_ms();
    storage_.outbox_claim(now, now + settings_.claim_lease_ms, settings_.batch_size,
                          [this, busy = hold()](storage::StorageResult<std::vector<storage::OutboxEntry>> r) {
                              claiming_ = false;
                              if (!running_) return;
                              if (!r.ok()) {
                                  spdlog::warn("push: claiming due notifications failed: {}", r.error);
                                  return schedule(std::chrono::milliseconds(settings_.poll_interval_ms));
                              }
                              const bool full = r.value.size() >= settings_.batch_size;
                              for (auto& entry : r.value) process(std::move(entry));
                              schedule(std::chrono::milliseconds(full ? 0 : settings_.poll_interval_ms));
                          });
}

void OutboxWorker::process(storage::OutboxEntry entry) {
    if (!entry.device_id.empty()) return deliver_claimed(std::move(entry), hold());
    auto job = std::make_shared<Job>(Job{std::move(entry), json::object(), hold(), {}});
    json stored = json::parse(job->entry.payload_json.empty() ? "{}" : job->entry.payload_json, nullptr, false);
    if (!stored.is_object()) return finish(job->entry, "bad_payload");
    job->payload = std::move(stored);
    switch (job->entry.category) {
        case SB_PUSH_MESSAGE: return expand_message(job);
        case SB_PUSH_MISSED_CALL: return expand_missed_call(job);
        case SB_PUSH_CALL:
            calls_expanding_.insert(call_key(job->entry));
            call_devices_[call_key(job->entry)];
            return with_sender_name(job, [this, job] { list_devices(job); });
        case SB_PUSH_CALL_DISMISS:
            if (calls_expanding_.contains(call_key(job->entry)))
                return postpone(job->entry, "its incoming call is still being sent", job->busy);
            return list_devices(job);
        default: return finish(job->entry, "bad_category");
    }
}

// ---- expansion ----

void OutboxWorker::expand_message(const JobPtr& job) {
    // The devices first: with none that needs a push (none at all, or all on
    // line in the foreground) the entry settles without reading the
    // setting, the recipient's conversations and the message.
    storage_.device_list(job->entry.user_id, [this, job](storage::StorageResult<std::vector<storage::Device>> r) {
        if (!r.ok()) return postpone(job->entry, r.error, job->busy);
        const bool any = std::any_of(r.value.begin(), r.value.end(), [&](const storage::Device& d) {
            return NotificationPolicy::device_needs_push(sessions_, job->entry.user_id, d.device_id);
        });
        if (!any) return fan_out(job, std::move(r.value));
        job->devices = std::move(r.value);
        message_context(job);
    });
}

void OutboxWorker::message_context(const JobPtr& job) {
    storage_.push_context(
        job->entry.user_id, job->entry.conversation_id, job->entry.seq,
        [this, job](storage::StorageResult<storage::PushContext> r) {
            if (r.status == SB_ERR_NOT_FOUND) return finish(job->entry, "not_member");
            if (!r.ok()) return postpone(job->entry, r.error, job->busy);
            const storage::PushContext& context = r.value;
            const bool group = context.conversation_type == "group";
            const bool mentioned = job->payload.value("mentioned", false);
            auto verdict = NotificationPolicy::for_message(context.setting, group, mentioned, job->entry.seq,
                                                           context.read_seq, util::now_ms());
            if (verdict != NotificationPolicy::Verdict::push)
                return finish(job->entry, NotificationPolicy::name(verdict));
            if (!context.message) return finish(job->entry, "deleted");
            job->payload["badge"] = context.unread_total;
            job->payload["conversation_type"] = context.conversation_type;
            job->payload["conversation_title"] = context.conversation_title;
            with_message(job, *context.message);
        });
}

void OutboxWorker::with_message(const JobPtr& job, const storage::Message& message) {
    if (message.deleted_at != 0) return finish(job->entry, "deleted");
    job->payload["message_id"] = message.message_id;
    job->payload["sender_id"] = message.sender_id;
    job->payload["body"] = message.body;
    with_sender_name(job, [this, job] { fan_out(job, std::move(job->devices)); });
}

void OutboxWorker::expand_missed_call(const JobPtr& job) {
    storage_.notify_setting_get(
        job->entry.user_id, job->entry.conversation_id, [this, job](storage::StorageResult<storage::NotifySetting> r) {
            if (!r.ok() && r.status != SB_ERR_NOT_FOUND) return postpone(job->entry, r.error, job->busy);
            std::optional<storage::NotifySetting> setting;
            if (r.ok()) setting = std::move(r.value);
            // A missed call is addressed to its callee: mention-only lets it through, mute does not.
            auto verdict = NotificationPolicy::for_message(setting, false, true, 0, 0, util::now_ms());
            if (verdict != NotificationPolicy::Verdict::push)
                return finish(job->entry, NotificationPolicy::name(verdict));
            with_sender_name(job, [this, job] { list_devices(job); });
        });
}

void OutboxWorker::with_sender_name(const JobPtr& job, std::function<void()> next) {
    std::string sender = job->payload.value("sender_id", std::string());
    if (sender.empty()) return next();
    storage_.user_get(sender, [this, job, next = std::move(next)](storage::StorageResult<storage::User> r) {
        if (!r.ok() && r.status != SB_ERR_NOT_FOUND) return postpone(job->entry, r.error, job->busy);
        if (r.ok()) job->payload["sender_name"] = r.value.display_name.empty() ? r.value.username : r.value.display_name;
        next();
    });
}

void OutboxWorker::list_devices(const JobPtr& job) {
    storage_.device_list(job->entry.user_id, [this, job](storage::StorageResult<std::vector<storage::Device>> r) {
        if (!r.ok()) return postpone(job->entry, r.error, job->busy);
        fan_out(job, std::move(r.value));
    });
}

void OutboxWorker::fan_out(const JobPtr& job, std::vector<storage::Device> devices) {
    const storage::OutboxEntry& entry = job->entry;
    std::optional<std::set<std::string>> rung;
    if (entry.category == SB_PUSH_CALL_DISMISS) {
        // Only the devices the incoming call woke; all of them when this
        // server does not know (it restarted since).
        if (auto it = call_devices_.find(call_key(entry)); it != call_devices_.end()) {
            rung = std::move(it->second);
            call_devices_.erase(it);
        }
    }
    const int64_t now = util::now_ms();
    if (devices.empty() && entry.category == SB_PUSH_MESSAGE) no_devices_.remember(entry.user_id, now);
    const std::string payload = job->payload.dump();
    std::vector<storage::OutboxEntry> expanded;
    std::vector<storage::Device> targets;
    for (auto& device : devices) {
        if (rung && !rung->contains(device.device_id)) continue;
        if (entry.category != SB_PUSH_CALL_DISMISS &&
            !NotificationPolicy::device_needs_push(sessions_, entry.user_id, device.device_id)) {
            skipped_->add(std::array<std::string_view, 1>{"online"}, 1);
            continue;
        }
        storage::OutboxEntry e = entry;
        e.entry_id = entry.entry_id + "/" + device.device_id;
        e.device_id = device.device_id;
        e.payload_json = payload;
        // Claimed from the start: sent right below, due again only if never settled.
        e.due_at = now + settings_.claim_lease_ms;
        e.attempts = 0;
        expanded.push_back(std::move(e));
        targets.push_back(std::move(device));
    }
    if (targets.empty()) skipped_->add(std::array<std::string_view, 1>{"no_device"}, 1);
    if (entry.category == SB_PUSH_CALL) {
        calls_expanding_.erase(call_key(entry));
        auto& rang = call_devices_[call_key(entry)];
        for (const auto& d : targets) rang.insert(d.device_id);
    }
    storage_.outbox_write(expanded, {entry.entry_id},
                          [this, job, expanded, targets = std::move(targets)](storage::StorageResult<storage::Unit> r) {
                              if (!r.ok()) return postpone(job->entry, r.error, job->busy);
                              for (size_t i = 0; i < expanded.size(); ++i) deliver(expanded[i], targets[i], hold());
                          });
}

// ---- delivery ----

void OutboxWorker::deliver_claimed(storage::OutboxEntry entry, Busy busy) {
    std::string user = entry.user_id;
    storage_.device_list(user, [this, entry = std::move(entry), busy = std::move(busy)](
                                   storage::StorageResult<std::vector<storage::Device>> r) mutable {
        if (!r.ok()) return postpone(entry, r.error, busy);
        for (auto& device : r.value)
            if (device.device_id == entry.device_id) return deliver(std::move(entry), std::move(device), std::move(busy));
        finish(entry, "no_device");
    });
}

void OutboxWorker::deliver(storage::OutboxEntry entry, storage::Device device, Busy busy) {
    const PushRouter::Target* target = router_.route(device.provider);
    if (!target) {
        spdlog::warn("push: no push plugin for provider '{}' and no push.log: notification {} dropped",
                     device.provider, entry.entry_id);
        sent_->add(std::array<std::string_view, 2>{device.provider, "no_plugin"}, 1);
        return finish(entry, "no_plugin");
    }
    sdk::OwnedNotification n;
    try {
        n = composer_.compose(entry, device);
    } catch (const std::invalid_argument& e) {
        spdlog::warn("push: {}", e.what());
        return finish(entry, "bad_payload");
    }
    std::string error;
    auto done = [this, entry, device, busy](PushOutcome outcome) mutable {
        loop_.post([this, entry = std::move(entry), device = std::move(device), busy = std::move(busy),
                    outcome = std::move(outcome)]() mutable {
            settle(std::move(entry), std::move(device), std::move(outcome), std::move(busy));
        });
    };
    sb_status status = router_.send(*target, n, std::move(done), error);
    if (status == SB_OK) return;
    if (status == SB_ERR_BUSY || status == SB_ERR_UNAVAILABLE) {
        // Not an attempt: the plugin did not take it. Try again shortly.
        sent_->add(std::array<std::string_view, 2>{device.provider, "busy"}, 1);
        return postpone(entry, error, busy);
    }
    spdlog::warn("push: {} refused notification {}: {}", target->plugin_id, entry.entry_id, error);
    sent_->add(std::array<std::string_view, 2>{device.provider, "rejected"}, 1);
    errors_->add(std::array<std::string_view, 2>{device.provider, "refused"}, 1);
    finish(entry, "rejected");
}

void OutboxWorker::settle(storage::OutboxEntry entry, storage::Device device, PushOutcome outcome, Busy busy) {
    sent_->add(std::array<std::string_view, 2>{device.provider, PushOutcome::name(outcome.outcome)}, 1);
    if (outcome.outcome != SB_PUSH_DELIVERED) {
        const std::string code = outcome.error_code();
        errors_->add(std::array<std::string_view, 2>{device.provider, code}, 1);
    }
    switch (outcome.outcome) {
        case SB_PUSH_DELIVERED: return finish(entry, nullptr);
        case SB_PUSH_RETRY: return retry(std::move(entry), device.provider, outcome.retry_after_ms, std::move(busy));
        case SB_PUSH_DEAD_TOKEN:
            spdlog::info("push: {} says the token of device {} of user {} is gone ({}): the device is deleted",
                         device.provider, device.device_id, device.user_id, outcome.error_code());
            delete_dead_device(device, busy);
            return finish(entry, "dead_token");
        case SB_PUSH_REJECTED:
            spdlog::warn("push: {} rejected notification {} ({})", device.provider, entry.entry_id,
                         outcome.error_code());
            return finish(entry, "rejected");
    }
    finish(entry, "rejected");
}

void OutboxWorker::retry(storage::OutboxEntry entry, const std::string& provider, int64_t retry_after_ms, Busy busy) {
    const int64_t now = util::now_ms();
    const uint32_t attempts = entry.attempts + 1;
    if (attempts >= settings_.max_attempts || now - entry.created_at >= settings_.max_age_ms) {
        spdlog::warn("push: notification {} to {} given up after {} attempts", entry.entry_id, provider, attempts);
        return finish(entry, "expired");
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const int64_t due = now + backoff_.delay_ms(attempts, retry_after_ms, unit(random_));
    storage_.outbox_reschedule(entry.entry_id, due, attempts, [id = entry.entry_id, busy](storage::StorageResult<storage::Unit> r) {
        if (!r.ok() && r.status != SB_ERR_NOT_FOUND) spdlog::warn("push: rescheduling {} failed: {}", id, r.error);
    });
}

void OutboxWorker::delete_dead_device(const storage::Device& device, Busy busy) {
    // Only while it still has the dead token: the app may have registered a new one meanwhile.
    storage_.device_list(device.user_id, [this, device, busy](storage::StorageResult<std::vector<storage::Device>> r) {
        if (!r.ok()) return;
        for (const auto& d : r.value) {
            if (d.device_id != device.device_id || d.token != device.token) continue;
            storage_.device_delete(device.user_id, device.device_id,
                                   [this, provider = device.provider, busy](storage::StorageResult<storage::Unit> r) {
                                       if (r.ok())
                                           devices_deleted_->add(std::array<std::string_view, 2>{provider, "at_send"}, 1);
                                   });
        }
    });
}

void OutboxWorker::delete_dead_token(const std::string& provider, const std::string& token) {
    storage_.device_delete_by_token(
        provider, token, [this, provider, busy = hold()](storage::StorageResult<std::vector<storage::Device>> r) {
            if (!r.ok()) return spdlog::warn("push: deleting the devices of a dead {} token failed: {}", provider, r.error);
            for (const auto& d : r.value)
                spdlog::info("push: {} says the token of device {} of user {} is gone: the device is deleted", provider,
                             d.device_id, d.user_id);
            devices_deleted_->add(std::array<std::string_view, 2>{provider, "after_delivery"},
                                  static_cast<double>(r.value.size()));
        });
}

void OutboxWorker::finish(const storage::OutboxEntry& entry, const char* skipped_reason) {
    if (entry.category == SB_PUSH_CALL && entry.device_id.empty()) calls_expanding_.erase(call_key(entry));
    if (skipped_reason) skipped_->add(std::array<std::string_view, 1>{skipped_reason}, 1);
    // The entries ended in one turn of the loop (a burst of answers) are
    // deleted by one storage operation; until it commits the worker is busy.
    if (ended_.empty()) {
        ended_busy_ = hold();
        loop_.post([this] { delete_ended(); });
    }
    ended_.push_back(entry.entry_id);
}

void OutboxWorker::delete_ended() {
    std::vector<std::string> ids = std::move(ended_);
    ended_.clear();
    storage_.outbox_write({}, ids, [ids, busy = std::move(ended_busy_)](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) spdlog::warn("push: deleting {} ended outbox entries ({}...) failed: {}", ids.size(), ids.front(), r.error);
    });
}

void OutboxWorker::postpone(const storage::OutboxEntry& entry, const std::string& why, Busy busy) {
    if (entry.category == SB_PUSH_CALL && entry.device_id.empty()) calls_expanding_.erase(call_key(entry));
    spdlog::debug("push: outbox entry {} postponed: {}", entry.entry_id, why);
    storage_.outbox_reschedule(entry.entry_id, util::now_ms() + settings_.backoff_base_ms, entry.attempts,
                               [id = entry.entry_id, busy](storage::StorageResult<storage::Unit> r) {
                                   if (!r.ok() && r.status != SB_ERR_NOT_FOUND)
                                       spdlog::warn("push: rescheduling {} failed: {}", id, r.error);
                               });
}

}  // namespace switchboard::notify
