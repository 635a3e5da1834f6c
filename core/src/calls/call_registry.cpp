#include "switchboard/calls/call_registry.hpp"

namespace switchboard::calls {

void CallRegistry::add(Entry call) {
    by_user_[call->caller.user_id].insert(call->call_id);
    by_user_[call->callee.user_id].insert(call->call_id);
    by_id_[call->call_id] = std::move(call);
}

void CallRegistry::remove(const std::string& call_id) {
    auto it = by_id_.find(call_id);
    if (it == by_id_.end()) return;
    for (const std::string* user : {&it->second->caller.user_id, &it->second->callee.user_id}) {
        auto calls = by_user_.find(*user);
        if (calls == by_user_.end()) continue;
        calls->second.erase(call_id);
        if (calls->second.empty()) by_user_.erase(calls);
    }
    by_id_.erase(it);
}

CallRegistry::Entry CallRegistry::find(const std::string& call_id) const {
    auto it = by_id_.find(call_id);
    return it == by_id_.end() ? nullptr : it->second;
}

std::vector<CallRegistry::Entry> CallRegistry::calls_of(const std::string& user_id) const {
    std::vector<Entry> out;
    auto it = by_user_.find(user_id);
    if (it == by_user_.end()) return out;
    for (const auto& id : it->second) out.push_back(by_id_.at(id));
    return out;
}

std::vector<CallRegistry::Entry> CallRegistry::all() const {
    std::vector<Entry> out;
    out.reserve(by_id_.size());
    for (const auto& [id, call] : by_id_) out.push_back(call);
    return out;
}

bool CallRegistry::busy(const std::string& user_id) const {
    for (const Entry& call : calls_of(user_id))
        if (call->caller.user_id == user_id || call->answered()) return true;
    return false;
}

CallRegistry::Entry CallRegistry::unanswered(const std::string& caller_id, const std::string& callee_id,
                                             const std::string& conversation_id) const {
    for (const Entry& call : calls_of(caller_id))
        if (!call->answered() && call->caller.user_id == caller_id && call->callee.user_id == callee_id &&
            call->conversation_id == conversation_id)
            return call;
    return nullptr;
}

}  // namespace switchboard::calls
