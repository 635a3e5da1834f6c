#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/records.hpp"

namespace switchboard::notify {

// Who gets a push, and when (docs/push.md, "Policy"). Pure decisions over
// what the outbox worker gathered; kernel-thread only.
class NotificationPolicy {
public:
    enum class Verdict { push, level_none, muted, not_mentioned, already_read };

    // A message (or a missed call, which has no read state: read_seq 0) for a
    // recipient whose setting for the conversation is `setting` (nullopt:
    // never set, i.e. "all"). Level "mentions" holds back a group's messages
    // that do not mention the recipient; a direct conversation's are all
    // addressed to them. A message the recipient has read (on any device)
    // by now gets no push.
    static Verdict for_message(const std::optional<storage::NotifySetting>& setting, bool group, bool mentioned,
                               uint64_t seq, uint64_t read_seq, int64_t now_ms);

    // A device needs a push unless one of its sessions is live and has not
    // said it is in the background (device.state).
    static bool device_needs_push(const runtime::SessionRegistry& sessions, const std::string& user_id,
                                  const std::string& device_id);

    // The reason label of push_skipped_total.
    static const char* name(Verdict verdict) noexcept;
};

}  // namespace switchboard::notify
