#pragma once

#include <string>

#include "switchboard/sdk/push.hpp"

namespace switchboard::push_log {

// One notification as one line of JSON (no newline): every field of the
// notification except the token, of which only the first characters are
// shown (a token is a credential for pushing to the device).
class NotificationLine {
public:
    static std::string format(const sdk::Notification& n);
};

}  // namespace switchboard::push_log
