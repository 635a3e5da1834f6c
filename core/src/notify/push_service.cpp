#include "switchboard/notify/push_service.hpp"

#include <spdlog/spdlog.h>

#include "switchboard/loader/plugin_instance.hpp"

namespace switchboard::notify {

PushService::PushService(const PushSettings& settings, const std::vector<loader::PluginInstance*>& push_plugins,
                         runtime::EventLoop& loop, storage::StorageClient& storage,
                         const runtime::SessionRegistry& sessions, metrics::Registry& metrics,
                         const std::string& storage_id) {
    for (loader::PluginInstance* plugin : push_plugins)
        router_.add(plugin->id(), plugin->library().push(), plugin->instance());
    if (!settings.enabled) {
        spdlog::info("push notifications are off (push.enabled is false)");
        return;
    }
    if (!storage.supports_outbox()) {
        spdlog::warn("push notifications are off: storage plugin {} has no push outbox (ABI 1.3)", storage_id);
        return;
    }
    if (router_.empty())
        spdlog::warn("no push plugin is loaded: notifications are counted and dropped (load push.log to see them)");
    worker_ = std::make_unique<OutboxWorker>(loop, storage, sessions, router_, settings, metrics);
    notifier_ = std::make_unique<EventNotifier>(storage, *worker_, settings);
}

void PushService::start() {
    if (worker_) worker_->start();
}

void PushService::stop() {
    if (worker_) worker_->stop();
}

void PushService::dead_token(const std::string& provider, const std::string& token) {
    if (worker_) return worker_->delete_dead_token(provider, token);
    spdlog::warn("push: {} reported a dead token while push is off: no device deleted", provider);
}

}  // namespace switchboard::notify
