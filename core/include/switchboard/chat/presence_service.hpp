#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/runtime/session.hpp"

namespace switchboard::chat {

// Who is online, and telling those who follow them. A user is online while
// they have an authenticated, stateful session; after their last one closes
// they stay online for settings.presence_grace_ms (a reconnect within it is
// not seen by followers), then last_seen is stored and `presence` goes out.
// presence.subscribe follows users per session, only users who share a
// conversation with the caller and with no block between them.
class PresenceService {
public:
    explicit PresenceService(ChatContext& context) : ctx_(context) {}
    ~PresenceService();
    PresenceService(const PresenceService&) = delete;
    PresenceService& operator=(const PresenceService&) = delete;

    void register_ops(Dispatcher& dispatcher);

    // Called by the kernel after SessionRegistry::bind (a re-bind to another
    // user counts as the previous user leaving).
    void on_session_bound(const runtime::Session& session);
    // Called by the kernel after SessionRegistry::close.
    void on_session_closed(const runtime::Session& session);
    // A block between the two users ends their following of each other.
    void on_block(const std::string& user_id, const std::string& target_id);
    // The user's conversations changed (created, member added or removed):
    // who they may follow is read again from storage on next use.
    void forget_contacts(const std::string& user_id);
    // At shutdown: stores last_seen of every online user, then calls `done`
    // once storage has answered them all. Later session closes store nothing.
    void flush(std::function<void()> done);

private:
    using UserSet = std::unordered_set<std::string>;
    using ContactsCallback = std::function<void(sb_status, const std::shared_ptr<const UserSet>&)>;

    struct Contacts {
        std::shared_ptr<const UserSet> users;
        int64_t loaded_at = 0;  // steady ms
    };
    struct ContactsLoad {
        std::vector<ContactsCallback> waiting;
        bool stale = false;  // forgotten while loading: answer the waiters, keep nothing
    };
    // A user whose last session closed, still shown online until the grace ends.
    struct PendingOffline {
        uint64_t generation = 0;
        int64_t since = 0;  // wall ms the last session closed
        std::shared_ptr<boost::asio::steady_timer> timer;
    };

    void subscribe(const CallPtr& call);
    void unsubscribe(const CallPtr& call);
    // The caller's allowed targets are known: records the subscription and answers.
    void follow(const CallPtr& call, const std::vector<std::string>& targets, const std::vector<char>& allowed);

    // Everyone the user shares a conversation with, cached for a minute.
    void with_contacts(const std::string& user_id, ContactsCallback callback);

    void user_arrived(const std::string& user_id);
    void user_left(const std::string& user_id);
    void go_offline(const std::string& user_id, int64_t since);
    void publish(const std::string& user_id, bool online, int64_t last_seen_at);

    void drop_subscriptions(runtime::Session& session);
    void unwatch(const std::string& target_id, uint64_t conn);
    void unwatch_user(const std::string& target_id, const std::string& follower_id);

    ChatContext& ctx_;
    UserSet online_;  // as followers see it: pending-offline users included
    std::unordered_map<std::string, PendingOffline> pending_;
    std::unordered_map<std::string, int64_t> last_seen_;
    std::unordered_map<std::string, std::unordered_set<uint64_t>> watchers_;  // target -> following sessions
    std::unordered_map<uint64_t, std::string> bound_;  // stateful session -> user it counts for
    std::unordered_map<std::string, Contacts> contacts_;
    std::unordered_map<std::string, ContactsLoad> contacts_loading_;
    uint64_t next_generation_ = 0;
    bool stopping_ = false;
};

}  // namespace switchboard::chat
