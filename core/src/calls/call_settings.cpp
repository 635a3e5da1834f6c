#include "switchboard/calls/call_settings.hpp"

#include "switchboard/config/config_error.hpp"
#include "switchboard/config/section.hpp"

namespace switchboard::calls {

CallSettings CallSettings::from(const config::Section& calls) {
    CallSettings s;
    s.ring_timeout_ms = calls.integer("ring_timeout").value_or(s.ring_timeout_ms);
    s.reconnect_grace_ms = calls.integer("reconnect_grace").value_or(s.reconnect_grace_ms);
    s.busy_policy = calls.string("busy_policy").value_or("reject") == "notify" ? BusyPolicy::notify : BusyPolicy::reject;
    s.max_signal_bytes = static_cast<size_t>(calls.integer("max_signal_bytes").value_or(s.max_signal_bytes));
    s.stun_urls = calls.list("ice_servers.stun");
    s.turn_urls = calls.list("ice_servers.turn.urls");
    s.turn_secret = calls.string("ice_servers.turn.secret").value_or("");
    s.turn_ttl_ms = calls.integer("ice_servers.turn.ttl").value_or(s.turn_ttl_ms);
    if (!s.turn_urls.empty() && s.turn_secret.empty())
        throw config::ConfigError(calls.problem(
            "ice_servers.turn.secret", "TURN URLs are configured (ice_servers.turn.urls) but no secret to mint "
                                       "their credentials with"));
    return s;
}

}  // namespace switchboard::calls
