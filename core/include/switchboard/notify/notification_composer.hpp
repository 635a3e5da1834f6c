#pragma once

#include <cstdint>
#include <string>

#include "switchboard/notify/push_settings.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/storage/records.hpp"

namespace switchboard::notify {

// Turns an outbox entry expanded for one device into the provider-neutral
// notification a push plugin sends (docs/push.md, "What is sent"). The
// entry's payload_json holds what the worker gathered when it expanded the
// entry: sender and conversation names, the message body, the badge.
class NotificationComposer {
public:
    explicit NotificationComposer(const PushSettings& settings) : settings_(settings) {}

    // Throws std::invalid_argument when the payload is not a JSON object.
    sdk::OwnedNotification compose(const storage::OutboxEntry& entry, const storage::Device& device) const;

    // The body's first `preview_chars` characters (whole UTF-8 sequences), with "…" when cut.
    std::string preview(const std::string& body) const;

private:
    PushSettings settings_;
};

}  // namespace switchboard::notify
