#pragma once

#include <functional>
#include <string>
#include <vector>

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"

namespace switchboard::chat {

// message.send / history / edit / delete and reaction.add / remove.
class MessageService {
public:
    explicit MessageService(ChatContext& context) : ctx_(context) {}

    void register_ops(Dispatcher& dispatcher);

    // message.send's data without attachments, posted with no sender (the
    // server API's system messages); any existing conversation.
    void send_as_system(const CallPtr& call);

private:
    void send(const CallPtr& call);
    void history(const CallPtr& call);
    void edit(const CallPtr& call);
    void remove(const CallPtr& call);
    void react(const CallPtr& call, bool add);

    // Storage append, answer, fan-out: the second half of send().
    // Stores the message, with its push notifications for `mentions` and every other member.
    void append(const CallPtr& call, const ConversationCache::Entry& conversation, storage::Message message,
                const std::vector<std::string>& mentions);
    // Loads message `seq` and runs fn with it, answering not_found for a missing one.
    void with_message(const CallPtr& call, const std::string& conversation_id, uint64_t seq,
                      std::function<void(storage::Message&)> fn);
    std::string extra_json(const CallPtr& call) const;
    // conversation_id, client_msg_id, body, extra and reply_to_seq of a new message.
    storage::Message read_new_message(const CallPtr& call) const;
    // Loads the attachments `ids` one after the other, checking each is the
    // caller's upload, then runs `then` with them in order.
    void resolve_attachments(const CallPtr& call, std::vector<std::string> ids, std::vector<storage::Attachment> found,
                             std::function<void(std::vector<storage::Attachment>)> then);

    ChatContext& ctx_;
};

}  // namespace switchboard::chat
