// Switchboard C++ plugin SDK (header-only) storage kit: what a push about one message needs to
// know of its recipient, owned (storage ABI 1.4, push_context).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/notify_setting.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct PushContext {
    std::string conversation_type;
    std::string conversation_title;
    uint64_t read_seq = 0;
    uint64_t unread_total = 0;
    std::optional<NotifySetting> setting;
    std::optional<Message> message;

    // Copies `borrowed`, read version-tolerantly, with the records it points to.
    static PushContext from(const sb_push_context& borrowed) {
        sb_push_context c = read_record(borrowed);
        PushContext context;
        context.conversation_type = std::string(to_view(c.conversation_type));
        context.conversation_title = std::string(to_view(c.conversation_title));
        context.read_seq = c.read_seq;
        context.unread_total = c.unread_total;
        if (c.setting != nullptr) context.setting = NotifySetting::from(*c.setting);
        if (c.message != nullptr) context.message = Message::from(*c.message);
        return context;
    }
};

}  // namespace switchboard::sdk::storage
