#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "switchboard/chat/call.hpp"

namespace switchboard::chat {

// Op name -> handler, with the access rule each op needs.
class Dispatcher {
public:
    enum class Access {
        anyone,         // auth.login, auth.register…
        authenticated,  // any op on behalf of a user
        live_session,   // needs a stateful, authenticated connection (typing, presence)
        server_api,     // needs a valid server-API key (an integrator's back end)
    };
    using Handler = std::function<void(const CallPtr&)>;

    void add(const std::string& op, Access access, Handler handler);

    // Checks access and runs the op's handler; every failure answers the call.
    void dispatch(const CallPtr& call) const;

    std::vector<std::string> ops() const;
    bool knows(const std::string& op) const { return entries_.count(op) > 0; }

    // Whether server_api.keys are configured; when not, server_api ops are
    // refused with not_found ("the server API is off").
    void set_server_api_enabled(bool enabled) noexcept { server_api_enabled_ = enabled; }

private:
    struct Entry {
        Access access;
        Handler handler;
    };
    std::unordered_map<std::string, Entry> entries_;
    bool server_api_enabled_ = false;
};

}  // namespace switchboard::chat
