#include "switchboard/chat/chat_context.hpp"

namespace switchboard::chat {

using protocol::ErrorCode;

ChatContext::ChatContext(runtime::EventLoop& loop_, runtime::SessionRegistry& sessions_,
                         storage::StorageClient& storage_, ChatSettings settings_)
    : loop(loop_),
      sessions(sessions_),
      storage(storage_),
      settings(settings_),
      publisher(sessions_),
      conversations(storage_, 200'000),
      blocks(storage_) {}

void ChatContext::with_membership(const CallPtr& call, const std::string& conversation_id,
                                  std::function<void(CachedConversation&)> fn) {
    with_member_entry(call, conversation_id, [fn = std::move(fn)](const ConversationCache::Entry& c) { fn(*c); });
}

void ChatContext::with_member_entry(const CallPtr& call, const std::string& conversation_id,
                                    std::function<void(const ConversationCache::Entry&)> fn) {
    conversations.get(conversation_id, [call, fn = std::move(fn)](sb_status status, const ConversationCache::Entry& c) {
        guarded(call, [&] {
            if (status == SB_ERR_NOT_FOUND) return call->fail(ErrorCode::not_found, "conversation not found");
            if (status != SB_OK) return call->fail(protocol::from_status(status), "conversation could not be loaded");
            if (!c->member(call->user_id()))
                return call->fail(ErrorCode::forbidden, "not a member of this conversation");
            fn(c);
        });
    });
}

}  // namespace switchboard::chat
