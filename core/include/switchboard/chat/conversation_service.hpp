#pragma once

#include <functional>
#include <string>
#include <vector>

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/chat/presence_service.hpp"

namespace switchboard::chat {

// conversation.create / list / get / update / add_members / remove_member /
// set_role / leave. Direct conversations are idempotent per pair; groups have
// owner, admin and member roles (docs/protocol.md has the rules).
class ConversationService {
public:
    ConversationService(ChatContext& context, PresenceService& presence) : ctx_(context), presence_(presence) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void create(const CallPtr& call);
    void list(const CallPtr& call);
    void get(const CallPtr& call);
    void update(const CallPtr& call);
    void add_members(const CallPtr& call);
    void remove_member(const CallPtr& call);
    void set_role(const CallPtr& call);
    void leave(const CallPtr& call);

    // Calls back with the ids among `user_ids` that do not exist (empty: all do).
    void find_missing_users(const std::vector<std::string>& user_ids,
                            std::function<void(sb_status, std::vector<std::string>)> callback);
    // Loads a group conversation the caller may manage and runs fn with it.
    void with_managed_group(const CallPtr& call, const std::string& conversation_id,
                            std::function<void(CachedConversation&)> fn);
    // Caches the changed conversation, answers with it and tells members old and new.
    void changed(const CallPtr& call, const storage::Conversation& conversation,
                 const std::vector<std::string>& also_notify, const nlohmann::json& change);

    // Who may follow whose presence depends on shared conversations.
    void membership_changed(const std::vector<std::string>& user_ids);

    ChatContext& ctx_;
    PresenceService& presence_;
};

}  // namespace switchboard::chat
