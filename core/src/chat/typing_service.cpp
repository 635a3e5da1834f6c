#include "switchboard/chat/typing_service.hpp"

#include <chrono>
#include <vector>

#include "switchboard/util/clock.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;

TypingService::~TypingService() {
    for (auto& [key, typist] : typists_) typist.timer->cancel();
}

void TypingService::register_ops(Dispatcher& d) {
    d.add("typing", Dispatcher::Access::live_session, [this](const CallPtr& c) { typing(c); });
}

void TypingService::typing(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "active"});
    std::string conversation_id = f.string("conversation_id");
    bool active = f.boolean("active");
    ctx_.with_membership(call, conversation_id, [this, call, active](CachedConversation& c) {
        if (!c.is_direct()) return apply(call, c.id(), active);
        // As for messages: nothing reaches a user across a block.
        ctx_.blocks.either_blocks(call->user_id(), c.other_member(call->user_id()),
                                  [this, call, id = c.id(), active](bool blocked) {
                                      if (blocked)
                                          return call->fail(ErrorCode::forbidden,
                                                            "messages between you and this user are blocked");
                                      apply(call, id, active);
                                  });
    });
}

void TypingService::apply(const CallPtr& call, const std::string& conversation_id, bool active) {
    call->ok();
    Key key{conversation_id, call->user_id()};
    auto it = typists_.find(key);
    if (!active) {
        if (it != typists_.end()) stop(key);
        return;
    }
    int64_t now = util::steady_ms();
    if (it != typists_.end()) {
        // The timer reads refreshed_at when it fires, so a refresh costs no timer work.
        Typist& typist = it->second;
        typist.refreshed_at = now;
        if (now - typist.published_at < ctx_.settings.typing_ttl_ms / 2) return;
        typist.published_at = now;
        publish(conversation_id, call->user_id(), true);
        return;
    }
    Typist typist;
    typist.generation = ++next_generation_;
    typist.refreshed_at = now;
    typist.published_at = now;
    typist.timer = arm(key, typist.generation, ctx_.settings.typing_ttl_ms);
    typists_.emplace(key, std::move(typist));
    conversations_of_[call->user_id()].insert(conversation_id);
    publish(conversation_id, call->user_id(), true);
}

std::shared_ptr<boost::asio::steady_timer> TypingService::arm(const Key& key, uint64_t generation, int64_t delay_ms) {
    return ctx_.loop.after(std::chrono::milliseconds(delay_ms), [this, key, generation] { on_timer(key, generation); });
}

void TypingService::on_timer(const Key& key, uint64_t generation) {
    auto it = typists_.find(key);
    // A cancelled timer may still fire once if it was already due: ignore it.
    if (it == typists_.end() || it->second.generation != generation) return;
    int64_t left = it->second.refreshed_at + ctx_.settings.typing_ttl_ms - util::steady_ms();
    if (left > 0) {
        it->second.timer = arm(key, generation, left);
        return;
    }
    stop(key);
}

void TypingService::stop(const Key& key) {
    auto it = typists_.find(key);
    if (it == typists_.end()) return;
    it->second.timer->cancel();
    typists_.erase(it);
    const auto& [conversation_id, user_id] = key;
    if (auto user = conversations_of_.find(user_id); user != conversations_of_.end()) {
        user->second.erase(conversation_id);
        if (user->second.empty()) conversations_of_.erase(user);
    }
    publish(conversation_id, user_id, false);
}

void TypingService::publish(const std::string& conversation_id, const std::string& user_id, bool active) {
    // Members are read at send time: someone who left meanwhile hears nothing more.
    ctx_.conversations.get(conversation_id, [this, user_id, active](sb_status status, const ConversationCache::Entry& c) {
        if (status != SB_OK) return;
        std::vector<std::string> others;
        others.reserve(c->conversation.members.size());
        for (const auto& m : c->conversation.members)
            if (m.user_id != user_id) others.push_back(m.user_id);
        ctx_.publisher.to_users(others, "typing",
                                json{{"conversation_id", c->id()}, {"user_id", user_id}, {"active", active}});
    });
}

void TypingService::on_session_closed(const runtime::Session& session) {
    if (!session.authenticated() || session.stateless() || ctx_.sessions.online(session.user_id())) return;
    auto user = conversations_of_.find(session.user_id());
    if (user == conversations_of_.end()) return;
    std::vector<std::string> conversations(user->second.begin(), user->second.end());
    for (const auto& conversation_id : conversations) stop(Key{conversation_id, session.user_id()});
}

}  // namespace switchboard::chat
