#include "switchboard/chat/dispatcher.hpp"

#include <algorithm>
#include <stdexcept>

namespace switchboard::chat {

using protocol::ErrorCode;

void Dispatcher::add(const std::string& op, Access access, Handler handler) {
    if (!entries_.emplace(op, Entry{access, std::move(handler)}).second)
        throw std::logic_error("op registered twice: " + op);
}

void Dispatcher::dispatch(const CallPtr& call) const {
    auto it = entries_.find(call->op());
    if (it == entries_.end()) {
        call->fail(ErrorCode::bad_request, "unknown op '" + call->op() + "'");
        return;
    }
    const Entry& entry = it->second;
    if (entry.access == Access::server_api) {
        if (!server_api_enabled_)
            return call->refuse(ErrorCode::not_found, "the server API is off: no server_api.keys are configured");
        if (!call->server_api())
            return call->refuse(ErrorCode::unauthorized, "'" + call->op() + "' needs a server API key");
        return guarded(call, [&] { entry.handler(call); });
    }
    if (entry.access != Access::anyone && call->user_id().empty()) {
        if (call->stateless())
            return call->refuse(ErrorCode::unauthorized,
                                "'" + call->op() + "' needs an access token: send Authorization: Bearer <token>");
        call->refuse(ErrorCode::unauthorized, "'" + call->op() + "' needs an authenticated connection: send 'auth' first");
        return;
    }
    if (entry.access == Access::live_session && call->stateless()) {
        call->fail(ErrorCode::bad_request, "'" + call->op() + "' needs a live connection (WebSocket or MQTT), not HTTP");
        return;
    }
    guarded(call, [&] { entry.handler(call); });
}

std::vector<std::string> Dispatcher::ops() const {
    std::vector<std::string> names;
    for (const auto& [name, entry] : entries_) names.push_back(name);
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace switchboard::chat
