#pragma once

#include "switchboard/chat/auth_service.hpp"
#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/chat/message_service.hpp"

namespace switchboard::chat {

// The server API: ops an integrator's back end calls with an API key
// (server_api.keys), never a user's client. Over HTTP they are the REST
// endpoints under /v1/server/ (docs/protocol.md). Acting for a user, an op
// hands the request to the client op on that user's behalf (Call::as_user),
// so both share one implementation.
//   server.user.upsert         {username, display_name?, password?, user_id?}
//   server.token.create        {user_id, device_id?}
//   server.conversation.create {created_by, type, members, title?}
//   server.conversation.list   {user_id}
//   server.message.send        {conversation_id, sender_id?, body, ...}: no sender_id = a system message
class ServerApiService {
public:
    ServerApiService(ChatContext& context, Dispatcher& dispatcher, AuthService& auth, MessageService& messages)
        : ctx_(context), dispatcher_(dispatcher), auth_(auth), messages_(messages) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void upsert_user(const CallPtr& call);
    void create_token(const CallPtr& call);
    void create_conversation(const CallPtr& call);
    void list_conversations(const CallPtr& call);
    void send_message(const CallPtr& call);

    // Runs `fn` when user `user_id` exists; answers not_found naming `field` otherwise.
    void with_user(const CallPtr& call, const std::string& user_id, const std::string& field, std::function<void()> fn);

    ChatContext& ctx_;
    Dispatcher& dispatcher_;
    AuthService& auth_;
    MessageService& messages_;
};

}  // namespace switchboard::chat
