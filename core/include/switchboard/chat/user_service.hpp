#pragma once

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/storage/records.hpp"

namespace switchboard::chat {

class PresenceService;

// user.me / get / update / search, user.block / unblock / blocked and user.report.
class UserService {
public:
    // `presence` learns of new blocks so it can end presence following between the two users.
    UserService(ChatContext& context, PresenceService& presence) : ctx_(context), presence_(presence) {}

    void register_ops(Dispatcher& dispatcher);

private:
    void me(const CallPtr& call);
    void get(const CallPtr& call);
    void update(const CallPtr& call);
    void search(const CallPtr& call);
    void block(const CallPtr& call, bool blocked);
    void blocked(const CallPtr& call);
    void report(const CallPtr& call);

    // The second half of report(): checks the reported user exists, then stores.
    void store_report(const CallPtr& call, storage::Report report);

    ChatContext& ctx_;
    PresenceService& presence_;
};

}  // namespace switchboard::chat
