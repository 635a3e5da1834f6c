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
    };
    using Handler = std::function<void(const CallPtr&)>;

    void add(const std::string& op, Access access, Handler handler);

    // Checks access and runs the op's handler; every failure answers the call.
    void dispatch(const CallPtr& call) const;

    std::vector<std::string> ops() const;

private:
    struct Entry {
        Access access;
        Handler handler;
    };
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace switchboard::chat
