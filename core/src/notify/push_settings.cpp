#include "switchboard/notify/push_settings.hpp"

#include "switchboard/config/section.hpp"

namespace switchboard::notify {

PushSettings PushSettings::from(const config::Section& push) {
    PushSettings s;
    s.enabled = push.boolean("enabled").value_or(s.enabled);
    s.read_cancel_delay_ms = push.integer("read_cancel_delay").value_or(s.read_cancel_delay_ms);
    s.hidden_content = push.boolean("hidden_content").value_or(s.hidden_content);
    s.preview_chars = static_cast<uint32_t>(push.integer("preview_chars").value_or(s.preview_chars));
    s.max_attempts = static_cast<uint32_t>(push.integer("max_attempts").value_or(s.max_attempts));
    s.max_age_ms = push.integer("max_age").value_or(s.max_age_ms);
    s.backoff_base_ms = push.integer("backoff_base").value_or(s.backoff_base_ms);
    s.backoff_max_ms = push.integer("backoff_max").value_or(s.backoff_max_ms);
    s.message_ttl_ms = push.integer("message_ttl").value_or(s.message_ttl_ms);
    s.call_ttl_ms = push.integer("call_ttl").value_or(s.call_ttl_ms);
    s.poll_interval_ms = push.integer("poll_interval").value_or(s.poll_interval_ms);
    s.batch_size = static_cast<uint32_t>(push.integer("batch_size").value_or(s.batch_size));
    s.claim_lease_ms = push.integer("claim_lease").value_or(s.claim_lease_ms);
    return s;
}

}  // namespace switchboard::notify
