#pragma once

#include <vector>

#include "records/conversation.hpp"
#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

// An sb_conversation over a Conversation, with the member array it points
// to. Borrows the Conversation's strings.
class ConversationView {
public:
    explicit ConversationView(const Conversation& conversation);
    ConversationView(ConversationView&&) noexcept = default;
    ConversationView(const ConversationView&) = delete;
    ConversationView& operator=(const ConversationView&) = delete;

    const sb_conversation& get() const noexcept { return c_; }

private:
    std::vector<sb_member> members_;  // moving keeps the buffer c_ points into
    sb_conversation c_{};
};

}  // namespace switchboard::plugins::storage_postgres::records
