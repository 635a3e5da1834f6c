#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "switchboard/notify/push_outcome.hpp"
#include "switchboard/push.h"
#include "switchboard/sdk/push.hpp"

namespace switchboard::notify {

// Which loaded push plugin sends for a provider (docs/plugin-abi.md, "The
// push vtable"): "push.<provider>", else "push.log" when loaded, else none.
// Filled on the control thread before start; read-only afterwards.
class PushRouter {
public:
    struct Target {
        std::string plugin_id;
        sb_push_vtable vtable;
        void* instance;
    };
    using Done = std::function<void(PushOutcome)>;

    void add(std::string plugin_id, const sb_push_vtable& vtable, void* instance);
    bool empty() const noexcept { return targets_.empty(); }

    // NULL when no plugin takes the provider.
    const Target* route(std::string_view provider) const noexcept;

    // Hands `n` to the target's send. SB_OK: `done` runs later exactly once,
    // on whichever thread the plugin answers from. Any other status: the
    // plugin refused it (SB_ERR_BUSY: its queue is full), `done` never runs
    // and `error` says why.
    sb_status send(const Target& target, const sdk::OwnedNotification& n, Done done, std::string& error) const;

    // {provider: its client configuration} for the plugins that publish one
    // (the push vtable's client_config_json), e.g. {"webpush": {"vapid_public_key": …}}.
    nlohmann::json client_config() const;

private:
    std::vector<Target> targets_;
};

}  // namespace switchboard::notify
