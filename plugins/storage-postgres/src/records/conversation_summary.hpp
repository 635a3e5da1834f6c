#pragma once

#include <cstdint>
#include <optional>

#include "records/conversation.hpp"
#include "records/message.hpp"

namespace switchboard::plugins::storage_postgres::records {

// One row of a user's conversation list.
struct ConversationSummary {
    Conversation conversation;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    uint64_t unread = 0;
    std::optional<Message> last_message;
};

}  // namespace switchboard::plugins::storage_postgres::records
