#include "switchboard/notify/notification_policy.hpp"

namespace switchboard::notify {

NotificationPolicy::Verdict NotificationPolicy::for_message(const std::optional<storage::NotifySetting>& setting,
                                                            bool group, bool mentioned, uint64_t seq,
                                                            uint64_t read_seq, int64_t now_ms) {
    if (setting) {
        if (setting->level == "none") return Verdict::level_none;
        if (setting->muted_until > now_ms) return Verdict::muted;
        if (setting->level == "mentions" && group && !mentioned) return Verdict::not_mentioned;
    }
    if (seq > 0 && read_seq >= seq) return Verdict::already_read;
    return Verdict::push;
}

bool NotificationPolicy::device_needs_push(const runtime::SessionRegistry& sessions, const std::string& user_id,
                                           const std::string& device_id) {
    for (const runtime::Session* session : sessions.sessions_of(user_id))
        if (session->device_id() == device_id && !session->background) return false;
    return true;
}

const char* NotificationPolicy::name(Verdict verdict) noexcept {
    switch (verdict) {
        case Verdict::push: return "push";
        case Verdict::level_none: return "level_none";
        case Verdict::muted: return "muted";
        case Verdict::not_mentioned: return "not_mentioned";
        case Verdict::already_read: return "already_read";
    }
    return "unknown";
}

}  // namespace switchboard::notify
