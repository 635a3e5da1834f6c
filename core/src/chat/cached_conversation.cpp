#include "switchboard/chat/cached_conversation.hpp"

namespace switchboard::chat {

const storage::Member* CachedConversation::member(const std::string& user_id) const {
    for (const auto& m : conversation.members)
        if (m.user_id == user_id) return &m;
    return nullptr;
}

storage::Member* CachedConversation::member(const std::string& user_id) {
    for (auto& m : conversation.members)
        if (m.user_id == user_id) return &m;
    return nullptr;
}

std::vector<std::string> CachedConversation::member_ids() const {
    std::vector<std::string> ids;
    ids.reserve(conversation.members.size());
    for (const auto& m : conversation.members) ids.push_back(m.user_id);
    return ids;
}

std::string CachedConversation::other_member(const std::string& user_id) const {
    for (const auto& m : conversation.members)
        if (m.user_id != user_id) return m.user_id;
    return {};
}

bool CachedConversation::can_manage(const std::string& user_id) const {
    const storage::Member* m = member(user_id);
    return m && (m->role == "owner" || m->role == "admin");
}

}  // namespace switchboard::chat
