#include "switchboard/notify/push_router.hpp"

#include <memory>

#include <spdlog/spdlog.h>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::notify {

namespace {

constexpr std::string_view kPrefix = "push.";
constexpr std::string_view kFallback = "push.log";

void on_done(void* ctx, const sb_push_result* result) {
    std::unique_ptr<PushRouter::Done> done(static_cast<PushRouter::Done*>(ctx));
    PushOutcome outcome;
    if (result == nullptr) {
        outcome.outcome = SB_PUSH_RETRY;
        outcome.reason = "the plugin reported no result";
    } else {
        sb_push_result r = sdk::read_record(*result);
        outcome.outcome = static_cast<sb_push_outcome>(r.outcome);
        outcome.http_status = r.http_status;
        outcome.reason = std::string(sdk::to_view(r.reason));
        outcome.retry_after_ms = r.retry_after_ms;
    }
    (*done)(std::move(outcome));
}

}  // namespace

void PushRouter::add(std::string plugin_id, const sb_push_vtable& vtable, void* instance) {
    targets_.push_back(Target{std::move(plugin_id), vtable, instance});
}

const PushRouter::Target* PushRouter::route(std::string_view provider) const noexcept {
    const Target* fallback = nullptr;
    for (const Target& t : targets_) {
        std::string_view id = t.plugin_id;
        if (id.size() == kPrefix.size() + provider.size() && id.starts_with(kPrefix) && id.ends_with(provider))
            return &t;
        if (id == kFallback) fallback = &t;
    }
    return fallback;
}

sb_status PushRouter::send(const Target& target, const sdk::OwnedNotification& n, Done done, std::string& error) const {
    using sdk::to_sb;
    sb_notification view{};
    view.struct_size = sizeof(view);
    view.id = to_sb(n.id);
    view.user_id = to_sb(n.user_id);
    view.device_id = to_sb(n.device_id);
    view.provider = to_sb(n.provider);
    view.token = to_sb(n.token);
    view.device_extra_json = to_sb(n.device_extra_json);
    view.category = static_cast<uint32_t>(n.category);
    view.priority = static_cast<uint32_t>(n.priority);
    view.ttl_seconds = n.ttl_seconds;
    view.title = to_sb(n.title);
    view.body = to_sb(n.body);
    view.conversation_id = to_sb(n.conversation_id);
    view.call_id = to_sb(n.call_id);
    view.collapse_key = to_sb(n.collapse_key);
    view.badge = n.badge;
    view.data_json = to_sb(n.data_json);
    view.created_at_ms = n.created_at_ms;

    auto* ctx = new Done(std::move(done));
    sdk::ErrorBuffer err;
    sb_status status = target.vtable.send(target.instance, &view, &on_done, ctx, err.get());
    if (status != SB_OK) {
        delete ctx;
        error = err.message()[0] ? std::string(err.message()) : std::string("refused");
    }
    return status;
}

nlohmann::json PushRouter::client_config() const {
    nlohmann::json config = nlohmann::json::object();
    for (const Target& t : targets_) {
        if (!t.vtable.client_config_json || !t.plugin_id.starts_with(kPrefix)) continue;
        std::string_view text = sdk::to_view(t.vtable.client_config_json(t.instance));
        nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
        if (!value.is_object()) {
            spdlog::warn("{}: its client configuration is not a JSON object; clients do not get it", t.plugin_id);
            continue;
        }
        config[t.plugin_id.substr(kPrefix.size())] = std::move(value);
    }
    return config;
}

}  // namespace switchboard::notify
