#pragma once

#include <cstdint>
#include <optional>

#include "records/conversation.hpp"
#include "records/message.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct ConversationSummary {
    Conversation conversation;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    uint64_t unread = 0;
    std::optional<Message> last_message;

    static ConversationSummary from(const sb_conversation_summary& borrowed) {
        sb_conversation_summary c = sdk::read_record(borrowed);
        ConversationSummary summary;
        if (c.conversation) summary.conversation = Conversation::from(*c.conversation);
        summary.delivered_seq = c.delivered_seq;
        summary.read_seq = c.read_seq;
        summary.unread = c.unread;
        if (c.last_message) summary.last_message = Message::from(*c.last_message);
        return summary;
    }
};

}  // namespace switchboard::conformance::storage::records
