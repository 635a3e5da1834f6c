#include "switchboard/chat/presence_service.hpp"

#include <chrono>
#include <spdlog/spdlog.h>

#include "switchboard/protocol/envelope_writer.hpp"
#include "switchboard/runtime/payload.hpp"
#include "switchboard/util/clock.hpp"

namespace switchboard::chat {

using nlohmann::json;
using protocol::ErrorCode;

namespace {

constexpr size_t kMaxTargets = 500;
constexpr int64_t kContactsTtlMs = 60'000;

json presence_json(const std::string& user_id, bool online, int64_t last_seen_at) {
    return json{{"user_id", user_id}, {"online", online}, {"last_seen_at", last_seen_at}};
}

}  // namespace

PresenceService::~PresenceService() {
    for (auto& [user, pending] : pending_) pending.timer->cancel();
}

void PresenceService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("presence.subscribe", A::live_session, [this](const CallPtr& c) { subscribe(c); });
    d.add("presence.unsubscribe", A::live_session, [this](const CallPtr& c) { unsubscribe(c); });
}

// ---- following -------------------------------------------------------------

void PresenceService::subscribe(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"user_ids"});
    std::vector<std::string> targets = f.string_list("user_ids", kMaxTargets);
    with_contacts(call->user_id(), [this, call, targets = std::move(targets)](
                                       sb_status status, const std::shared_ptr<const UserSet>& contacts) {
        if (status != SB_OK)
            return call->fail(protocol::from_status(status), "your conversations could not be read, try again");
        struct Check {
            std::vector<std::string> targets;
            std::vector<char> allowed;
            size_t pending = 1;  // released after the loop, so synchronous answers cannot finish early
        };
        auto check = std::make_shared<Check>();
        check->targets = targets;
        check->allowed.assign(targets.size(), 0);
        auto finish_one = [this, call, check] {
            if (--check->pending == 0) guarded(call, [&] { follow(call, check->targets, check->allowed); });
        };
        for (size_t i = 0; i < targets.size(); ++i) {
            const std::string& target = targets[i];
            if (target != call->user_id() && !contacts->count(target)) continue;
            ++check->pending;
            ctx_.blocks.either_blocks(call->user_id(), target, [check, finish_one, i](bool blocked) {
                check->allowed[i] = !blocked;
                finish_one();
            });
        }
        finish_one();
    });
}

void PresenceService::follow(const CallPtr& call, const std::vector<std::string>& targets,
                             const std::vector<char>& allowed) {
    runtime::Session* session = ctx_.sessions.find(call->conn());
    if (!session || session->user_id() != call->user_id())
        return call->fail(ErrorCode::unauthorized, "the session ended before the subscription was made");

    struct Answer {
        json presence = json::array();
        json denied = json::array();
        size_t pending = 1;
    };
    auto answer = std::make_shared<Answer>();
    auto finish_one = [call, answer] {
        if (--answer->pending == 0)
            call->ok(json{{"presence", std::move(answer->presence)}, {"denied", std::move(answer->denied)}});
    };
    int64_t now = util::now_ms();
    for (size_t i = 0; i < targets.size(); ++i) {
        const std::string& target = targets[i];
        if (!allowed[i]) {
            answer->denied.push_back(target);
            continue;
        }
        session->presence_targets.insert(target);
        watchers_[target].insert(session->id());
        if (online_.count(target)) {
            answer->presence.push_back(presence_json(target, true, now));
            continue;
        }
        if (auto seen = last_seen_.find(target); seen != last_seen_.end()) {
            answer->presence.push_back(presence_json(target, false, seen->second));
            continue;
        }
        // Not seen since this process started: storage keeps last_seen across restarts.
        size_t slot = answer->presence.size();
        answer->presence.push_back(presence_json(target, false, 0));
        ++answer->pending;
        ctx_.storage.user_get(target, [this, answer, finish_one, target, slot](storage::StorageResult<storage::User> r) {
            if (online_.count(target)) {
                answer->presence[slot] = presence_json(target, true, util::now_ms());
            } else if (r.ok()) {
                auto [seen, inserted] = last_seen_.try_emplace(target, r.value.last_seen_at);
                answer->presence[slot] = presence_json(target, false, seen->second);
            } else {
                spdlog::warn("presence: last_seen of {} unavailable: {}", target, r.error);
            }
            finish_one();
        });
    }
    finish_one();
}

void PresenceService::unsubscribe(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"user_ids"});
    std::vector<std::string> targets = f.string_list("user_ids", kMaxTargets);
    if (runtime::Session* session = ctx_.sessions.find(call->conn())) {
        for (const auto& target : targets) {
            if (session->presence_targets.erase(target)) unwatch(target, session->id());
        }
    }
    call->ok();
}

void PresenceService::with_contacts(const std::string& user_id, ContactsCallback callback) {
    if (auto it = contacts_.find(user_id); it != contacts_.end()) {
        if (util::steady_ms() - it->second.loaded_at < kContactsTtlMs) {
            std::shared_ptr<const UserSet> users = it->second.users;  // the callback may touch the cache
            callback(SB_OK, users);
            return;
        }
        contacts_.erase(it);
    }
    auto [load, first] = contacts_loading_.try_emplace(user_id);
    load->second.waiting.push_back(std::move(callback));
    if (!first) return;
    ctx_.storage.conversation_list(
        user_id, [this, user_id](storage::StorageResult<std::vector<storage::ConversationSummary>> r) {
            ContactsLoad load = std::move(contacts_loading_[user_id]);
            contacts_loading_.erase(user_id);
            auto users = std::make_shared<UserSet>();
            for (const auto& summary : r.value)
                for (const auto& member : summary.conversation.members)
                    if (member.user_id != user_id) users->insert(member.user_id);
            if (r.ok() && !load.stale) contacts_[user_id] = Contacts{users, util::steady_ms()};
            for (auto& callback : load.waiting) callback(r.status, users);
        });
}

void PresenceService::forget_contacts(const std::string& user_id) {
    contacts_.erase(user_id);
    if (auto load = contacts_loading_.find(user_id); load != contacts_loading_.end()) load->second.stale = true;
}

void PresenceService::on_block(const std::string& user_id, const std::string& target_id) {
    unwatch_user(target_id, user_id);
    unwatch_user(user_id, target_id);
}

void PresenceService::unwatch_user(const std::string& target_id, const std::string& follower_id) {
    auto watchers = watchers_.find(target_id);
    if (watchers == watchers_.end()) return;
    std::vector<uint64_t> conns(watchers->second.begin(), watchers->second.end());
    for (uint64_t conn : conns) {
        runtime::Session* session = ctx_.sessions.find(conn);
        if (session && session->user_id() != follower_id) continue;
        if (session) session->presence_targets.erase(target_id);
        unwatch(target_id, conn);
    }
}

void PresenceService::unwatch(const std::string& target_id, uint64_t conn) {
    auto watchers = watchers_.find(target_id);
    if (watchers == watchers_.end()) return;
    watchers->second.erase(conn);
    if (watchers->second.empty()) watchers_.erase(watchers);
}

void PresenceService::drop_subscriptions(runtime::Session& session) {
    for (const auto& target : session.presence_targets) unwatch(target, session.id());
    session.presence_targets.clear();
}

// ---- online / offline ------------------------------------------------------

void PresenceService::on_session_bound(const runtime::Session& session) {
    if (auto previous = bound_.find(session.id()); previous != bound_.end()) {
        if (previous->second == session.user_id()) return;  // re-authenticated as the same user
        // The connection now speaks for someone else: what it followed, and
        // the presence it gave, belonged to the previous user.
        std::string previous_user = std::move(previous->second);
        bound_.erase(previous);
        if (runtime::Session* s = ctx_.sessions.find(session.id())) drop_subscriptions(*s);
        if (!ctx_.sessions.online(previous_user)) user_left(previous_user);
    }
    if (!session.authenticated() || session.stateless()) return;
    bound_[session.id()] = session.user_id();
    user_arrived(session.user_id());
}

void PresenceService::on_session_closed(const runtime::Session& session) {
    for (const auto& target : session.presence_targets) unwatch(target, session.id());
    bound_.erase(session.id());
    if (!session.authenticated() || session.stateless() || ctx_.sessions.online(session.user_id())) return;
    user_left(session.user_id());
}

void PresenceService::user_arrived(const std::string& user_id) {
    if (auto pending = pending_.find(user_id); pending != pending_.end()) {
        // Back within the grace: followers never saw the user leave.
        pending->second.timer->cancel();
        pending_.erase(pending);
        return;
    }
    if (!online_.insert(user_id).second) return;
    publish(user_id, true, util::now_ms());
}

void PresenceService::user_left(const std::string& user_id) {
    if (stopping_ || !online_.count(user_id) || pending_.count(user_id)) return;
    int64_t since = util::now_ms();
    if (ctx_.settings.presence_grace_ms <= 0) return go_offline(user_id, since);
    PendingOffline pending;
    pending.generation = ++next_generation_;
    pending.since = since;
    pending.timer = ctx_.loop.after(std::chrono::milliseconds(ctx_.settings.presence_grace_ms),
                                    [this, user_id, generation = pending.generation] {
                                        auto it = pending_.find(user_id);
                                        // A cancelled timer may still fire once if it was already due.
                                        if (it == pending_.end() || it->second.generation != generation) return;
                                        go_offline(user_id, it->second.since);
                                    });
    pending_.emplace(user_id, std::move(pending));
}

void PresenceService::go_offline(const std::string& user_id, int64_t since) {
    pending_.erase(user_id);
    online_.erase(user_id);
    contacts_.erase(user_id);  // only online users subscribe: keeps the cache to their number
    last_seen_[user_id] = since;
    ctx_.storage.user_touch(user_id, since, [user_id](storage::StorageResult<storage::Unit> r) {
        if (!r.ok()) spdlog::warn("presence: last_seen of {} not stored: {}", user_id, r.error);
    });
    publish(user_id, false, since);
}

void PresenceService::publish(const std::string& user_id, bool online, int64_t last_seen_at) {
    auto watchers = watchers_.find(user_id);
    if (watchers == watchers_.end()) return;
    runtime::Payload payload(protocol::EnvelopeWriter::event("presence", presence_json(user_id, online, last_seen_at)));
    for (uint64_t conn : watchers->second)
        if (runtime::Session* session = ctx_.sessions.find(conn)) session->send(payload);
}

void PresenceService::flush(std::function<void()> done) {
    stopping_ = true;
    int64_t now = util::now_ms();
    std::vector<std::pair<std::string, int64_t>> touches;
    touches.reserve(online_.size());
    for (const auto& user_id : online_) {
        auto pending = pending_.find(user_id);
        touches.emplace_back(user_id, pending == pending_.end() ? now : pending->second.since);
    }
    for (auto& [user_id, pending] : pending_) pending.timer->cancel();
    pending_.clear();
    if (touches.empty()) return done();

    auto remaining = std::make_shared<size_t>(touches.size());
    auto finish = std::make_shared<std::function<void()>>(std::move(done));
    for (const auto& [user_id, seen] : touches) {
        last_seen_[user_id] = seen;
        ctx_.storage.user_touch(user_id, seen, [remaining, finish, user_id](storage::StorageResult<storage::Unit> r) {
            if (!r.ok()) spdlog::warn("presence: last_seen of {} not stored: {}", user_id, r.error);
            if (--*remaining == 0) (*finish)();
        });
    }
}

}  // namespace switchboard::chat
