#pragma once

#include <string>
#include <vector>

#include "switchboard/storage/records.hpp"

namespace switchboard::chat {

// What the kernel keeps in memory about a conversation to check membership
// and fan out events without asking storage.
struct CachedConversation {
    storage::Conversation conversation;

    const std::string& id() const noexcept { return conversation.conversation_id; }
    bool is_direct() const noexcept { return conversation.type == "direct"; }
    const storage::Member* member(const std::string& user_id) const;
    storage::Member* member(const std::string& user_id);
    std::vector<std::string> member_ids() const;
    // For a direct conversation: the member who is not `user_id` (empty if none).
    std::string other_member(const std::string& user_id) const;
    // owner or admin
    bool can_manage(const std::string& user_id) const;
};

}  // namespace switchboard::chat
