#pragma once

#include <memory>
#include <string>
#include <vector>

#include "switchboard/metrics/registry.hpp"
#include "switchboard/notify/event_notifier.hpp"
#include "switchboard/notify/outbox_worker.hpp"
#include "switchboard/notify/push_router.hpp"
#include "switchboard/notify/push_settings.hpp"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::loader {
class PluginInstance;
}

namespace switchboard::notify {

// Push notifications as the kernel wires them: the router over the loaded
// push plugins, the outbox worker and the notifier the chat and call
// services queue events through. Off (notifier() is NULL) when `push.enabled`
// is false or the storage plugin has no outbox. Kernel-thread only.
class PushService {
public:
    PushService(const PushSettings& settings, const std::vector<loader::PluginInstance*>& push_plugins,
                runtime::EventLoop& loop, storage::StorageClient& storage, const runtime::SessionRegistry& sessions,
                metrics::Registry& metrics, const std::string& storage_id);

    EventNotifier* notifier() noexcept { return notifier_.get(); }
    void start();
    void stop();
    // A provider reported `token` gone after delivery (host.h push_dead_token):
    // the devices registered with it are deleted. Ignored while push is off.
    void dead_token(const std::string& provider, const std::string& token);
    // A device of `user_id` was just registered: messages to them queue again.
    void device_registered(const std::string& user_id) {
        if (worker_) worker_->device_registered(user_id);
    }
    bool idle() const noexcept { return !worker_ || worker_->idle(); }
    // What clients need to subscribe, per provider (device.push_config);
    // empty while push is off. Call after the plugins started.
    nlohmann::json client_config() const { return worker_ ? router_.client_config() : nlohmann::json::object(); }

private:
    PushRouter router_;
    std::unique_ptr<OutboxWorker> worker_;
    std::unique_ptr<EventNotifier> notifier_;
};

}  // namespace switchboard::notify
