#pragma once

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"

namespace switchboard::chat {

// conversation.notifications: a member's push level for one conversation
// ("all", "mentions", "none") and an optional mute until a time.
class NotificationSettingsService {
public:
    explicit NotificationSettingsService(ChatContext& context) : ctx_(context) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void notifications(const CallPtr& call);

    ChatContext& ctx_;
};

}  // namespace switchboard::chat
