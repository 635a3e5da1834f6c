#pragma once

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "switchboard/metrics/family.hpp"
#include "switchboard/metrics/registry.hpp"
#include "switchboard/notify/no_device_cache.hpp"
#include "switchboard/notify/backoff.hpp"
#include "switchboard/notify/notification_composer.hpp"
#include "switchboard/notify/notification_policy.hpp"
#include "switchboard/notify/push_router.hpp"
#include "switchboard/notify/push_settings.hpp"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::notify {

// Delivers the durable outbox (docs/push.md, "The outbox"). It claims due
// entries from storage; expands an entry for a user into one entry per device
// that needs a push (the policy: settings, read state, live sessions), in one
// storage transaction that also deletes the user's entry; sends each through
// the PushRouter; and settles it by the provider's outcome: delivered →
// deleted, retry → rescheduled with backoff, dead token → the device and the
// entry deleted, rejected → deleted. Every step is counted in metrics.
// Kernel-thread only, except that plugin answers arrive from any thread and
// are posted back to the loop.
class OutboxWorker {
public:
    OutboxWorker(runtime::EventLoop& loop, storage::StorageClient& storage, const runtime::SessionRegistry& sessions,
                 const PushRouter& router, const PushSettings& settings, metrics::Registry& metrics);

    void start();
    // No claim after this; work already begun still settles.
    void stop();
    // Look for due entries now (one was queued due immediately).
    void poke();
    // Deletes the devices of any user registered with `provider`'s `token`,
    // which the provider reported gone after delivery (Expo's receipts).
    void delete_dead_token(const std::string& provider, const std::string& token);
    // Nothing claimed, being expanded, sent or settled.
    bool idle() const noexcept { return busy_.load() == 0; }
    // Whether `user_id` was found without any push device lately (NoDeviceCache).
    bool known_without_device(const std::string& user_id, int64_t now_ms) {
        return no_devices_.has_none(user_id, now_ms);
    }
    // A device of `user_id` was just registered.
    void device_registered(const std::string& user_id) { no_devices_.forget(user_id); }

private:
    using Busy = std::shared_ptr<void>;
    // An entry on its way, with what has been gathered for its payload.
    struct Job {
        storage::OutboxEntry entry;
        nlohmann::json payload;
        Busy busy;
        std::vector<storage::Device> devices;  // a message's, listed before anything else is read
    };
    using JobPtr = std::shared_ptr<Job>;

    Busy hold();
    void schedule(std::chrono::milliseconds delay);
    void poll();
    void process(storage::OutboxEntry entry);

    // Expansion of an entry for a user, step by step.
    void expand_message(const JobPtr& job);
    // The recipient's setting, read state, badge and the message (storage push_context).
    void message_context(const JobPtr& job);
    void with_message(const JobPtr& job, const storage::Message& message);
    void expand_missed_call(const JobPtr& job);
    void with_sender_name(const JobPtr& job, std::function<void()> next);
    void list_devices(const JobPtr& job);
    void fan_out(const JobPtr& job, std::vector<storage::Device> devices);

    // Sending and settling an entry for a device.
    void deliver_claimed(storage::OutboxEntry entry, Busy busy);
    void deliver(storage::OutboxEntry entry, storage::Device device, Busy busy);
    void settle(storage::OutboxEntry entry, storage::Device device, PushOutcome outcome, Busy busy);
    void retry(storage::OutboxEntry entry, const std::string& provider, int64_t retry_after_ms, Busy busy);
    void delete_dead_device(const storage::Device& device, Busy busy);

    // Ends an entry: deleted from the outbox, counted as `reason` when it was not delivered.
    void finish(const storage::OutboxEntry& entry, const char* skipped_reason);
    // Deletes the entries finish() ended since the last call, in one outbox_write.
    void delete_ended();
    // Storage failed mid-way: try the entry again after backoff_base.
    void postpone(const storage::OutboxEntry& entry, const std::string& why, Busy busy);

    runtime::EventLoop& loop_;
    storage::StorageClient& storage_;
    const runtime::SessionRegistry& sessions_;
    const PushRouter& router_;
    PushSettings settings_;
    NotificationComposer composer_;
    Backoff backoff_;
    std::mt19937_64 random_;

    metrics::Family* sent_;
    metrics::Family* errors_;
    metrics::Family* skipped_;
    metrics::Family* devices_deleted_;

    bool running_ = false;
    bool claiming_ = false;
    std::shared_ptr<boost::asio::steady_timer> timer_;
    std::shared_ptr<std::atomic<int64_t>> busy_count_ = std::make_shared<std::atomic<int64_t>>(0);
    std::atomic<int64_t>& busy_ = *busy_count_;
    // Devices an incoming-call push went to, by call id and callee: its
    // dismissal goes to them (to none when the callee was online). A call
    // this server never saw (it restarted) is dismissed on every device.
    std::unordered_map<std::string, std::set<std::string>> call_devices_;
    // Incoming-call entries being expanded: their dismissal waits for them.
    std::set<std::string> calls_expanding_;
    NoDeviceCache no_devices_;
    // Ended entries waiting for delete_ended(), and the hold that keeps the worker busy meanwhile.
    std::vector<std::string> ended_;
    Busy ended_busy_;
};

}  // namespace switchboard::notify
