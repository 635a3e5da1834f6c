#pragma once

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"

namespace switchboard::chat {

// message.send / history / edit / delete and reaction.add / remove.
class MessageService {
public:
    explicit MessageService(ChatContext& context) : ctx_(context) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void send(const CallPtr& call);
    void history(const CallPtr& call);
    void edit(const CallPtr& call);
    void remove(const CallPtr& call);
    void react(const CallPtr& call, bool add);

    // Storage append, answer, fan-out: the second half of send().
    void append(const CallPtr& call, const ConversationCache::Entry& conversation, storage::Message message);
    // Loads message `seq` and runs fn with it, answering not_found for a missing one.
    void with_message(const CallPtr& call, const std::string& conversation_id, uint64_t seq,
                      std::function<void(storage::Message&)> fn);
    std::string extra_json(const CallPtr& call) const;

    ChatContext& ctx_;
};

}  // namespace switchboard::chat
