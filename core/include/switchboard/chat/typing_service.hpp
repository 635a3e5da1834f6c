#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/runtime/session.hpp"

namespace switchboard::chat {

// The `typing` op and event. An active:true lasts settings.typing_ttl_ms
// unless refreshed; the service itself announces its end (active:false) when
// it expires, when the user says so, or when the user's last session closes.
class TypingService {
public:
    explicit TypingService(ChatContext& context) : ctx_(context) {}
    ~TypingService();
    TypingService(const TypingService&) = delete;
    TypingService& operator=(const TypingService&) = delete;

    void register_ops(Dispatcher& dispatcher);

    // Called by the kernel after SessionRegistry::close.
    void on_session_closed(const runtime::Session& session);

private:
    // (conversation_id, user_id)
    using Key = std::pair<std::string, std::string>;

    // One user typing in one conversation.
    struct Typist {
        uint64_t generation = 0;  // tells this typist's timer from an earlier one's late firing
        int64_t refreshed_at = 0; // steady ms of the last active:true
        int64_t published_at = 0; // steady ms of the last active:true event sent
        std::shared_ptr<boost::asio::steady_timer> timer;
    };

    void typing(const CallPtr& call);
    void apply(const CallPtr& call, const std::string& conversation_id, bool active);
    std::shared_ptr<boost::asio::steady_timer> arm(const Key& key, uint64_t generation, int64_t delay_ms);
    void on_timer(const Key& key, uint64_t generation);
    // Forgets the typist and announces active:false.
    void stop(const Key& key);
    // Sends the event to the conversation's members except the typing user.
    void publish(const std::string& conversation_id, const std::string& user_id, bool active);

    ChatContext& ctx_;
    std::map<Key, Typist> typists_;
    std::unordered_map<std::string, std::unordered_set<std::string>> conversations_of_;  // user -> typing in
    uint64_t next_generation_ = 0;
};

}  // namespace switchboard::chat
