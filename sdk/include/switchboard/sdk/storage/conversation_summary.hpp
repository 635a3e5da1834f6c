// Switchboard C++ plugin SDK (header-only) storage kit: one row of a user's conversation list, owned.
#pragma once

#include <cstdint>
#include <optional>

#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct ConversationSummary {
    Conversation conversation;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    uint64_t unread = 0;
    std::optional<Message> last_message;

    // Copies `borrowed`, read version-tolerantly, with the records it points to.
    static ConversationSummary from(const sb_conversation_summary& borrowed) {
        sb_conversation_summary c = read_record(borrowed);
        ConversationSummary summary;
        if (c.conversation != nullptr) summary.conversation = Conversation::from(*c.conversation);
        summary.delivered_seq = c.delivered_seq;
        summary.read_seq = c.read_seq;
        summary.unread = c.unread;
        if (c.last_message != nullptr) summary.last_message = Message::from(*c.last_message);
        return summary;
    }
};

}  // namespace switchboard::sdk::storage
