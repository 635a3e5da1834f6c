// Switchboard C++ plugin SDK (header-only) storage kit: the sb_conversation of a Conversation.
#pragma once

#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

// An sb_conversation over a Conversation, with the member array it points
// to. Borrows the Conversation's strings: keep the Conversation alive as long as this.
class ConversationView {
public:
    explicit ConversationView(const Conversation& conversation) {
        members_.reserve(conversation.members.size());
        for (const Member& m : conversation.members) members_.push_back(m.to_c());
        c_.struct_size = sizeof(c_);
        c_.conversation_id = to_sb(conversation.conversation_id);
        c_.type = to_sb(conversation.type);
        c_.title = to_sb(conversation.title);
        c_.created_by = to_sb(conversation.created_by);
        c_.created_at = conversation.created_at;
        c_.last_seq = conversation.last_seq;
        c_.members = members_.data();
        c_.member_count = members_.size();
    }
    ConversationView(ConversationView&&) noexcept = default;
    ConversationView(const ConversationView&) = delete;
    ConversationView& operator=(const ConversationView&) = delete;

    const sb_conversation& get() const noexcept { return c_; }

private:
    std::vector<sb_member> members_;  // moving keeps the buffer c_ points into
    sb_conversation c_{};
};

}  // namespace switchboard::sdk::storage
