// Switchboard C++ plugin SDK (header-only) storage kit: a user's notification setting for a
// conversation, owned (storage ABI 1.3).
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct NotifySetting {
    std::string user_id;
    std::string conversation_id;
    std::string level;
    int64_t muted_until = 0;

    static NotifySetting from(const sb_notify_setting& borrowed) {
        sb_notify_setting c = read_record(borrowed);
        return NotifySetting{std::string(to_view(c.user_id)), std::string(to_view(c.conversation_id)),
                             std::string(to_view(c.level)), c.muted_until};
    }
    sb_notify_setting to_c() const {
        sb_notify_setting c{};
        c.struct_size = sizeof(c);
        c.user_id = to_sb(user_id);
        c.conversation_id = to_sb(conversation_id);
        c.level = to_sb(level);
        c.muted_until = muted_until;
        return c;
    }
    bool operator==(const NotifySetting&) const = default;
};

}  // namespace switchboard::sdk::storage
