#include "switchboard/runtime/session_registry.hpp"

#include <algorithm>

namespace switchboard::runtime {

Session& SessionRegistry::open(uint64_t id, const TransportHandle* transport, std::string remote_address,
                               bool stateless) {
    auto session = std::make_unique<Session>(id, transport, std::move(remote_address), stateless);
    Session& ref = *session;
    by_id_[id] = std::move(session);
    return ref;
}

std::unique_ptr<Session> SessionRegistry::close(uint64_t id) {
    auto it = by_id_.find(id);
    if (it == by_id_.end()) return nullptr;
    std::unique_ptr<Session> session = std::move(it->second);
    by_id_.erase(it);
    unlink(*session);
    return session;
}

Session* SessionRegistry::find(uint64_t id) noexcept {
    auto it = by_id_.find(id);
    return it == by_id_.end() ? nullptr : it->second.get();
}

void SessionRegistry::unlink(Session& session) {
    if (!session.authenticated() || session.stateless()) return;
    auto it = by_user_.find(session.user_id());
    if (it == by_user_.end()) return;
    auto& list = it->second;
    list.erase(std::remove(list.begin(), list.end(), &session), list.end());
    if (list.empty()) by_user_.erase(it);
}

void SessionRegistry::bind(Session& session, std::string user_id, std::string device_id) {
    unlink(session);
    session.bind(std::move(user_id), std::move(device_id));
    if (session.authenticated() && !session.stateless()) by_user_[session.user_id()].push_back(&session);
}

const std::vector<Session*>& SessionRegistry::sessions_of(const std::string& user_id) const {
    static const std::vector<Session*> kNone;
    auto it = by_user_.find(user_id);
    return it == by_user_.end() ? kNone : it->second;
}

void SessionRegistry::send_to_user(const std::string& user_id, const Payload& payload, uint64_t except_id) const {
    for (Session* s : sessions_of(user_id))
        if (s->id() != except_id) s->send(payload);
}

void SessionRegistry::for_each(const std::function<void(Session&)>& fn) {
    for (auto& [id, session] : by_id_) fn(*session);
}

}  // namespace switchboard::runtime
