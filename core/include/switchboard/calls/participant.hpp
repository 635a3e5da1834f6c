#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <string>

namespace switchboard::calls {

// One side of a call: the caller's inviting session, or the callee's
// accepting session. Between a drop and its return (same user and non-empty
// device_id) conn is 0 and the grace timer runs.
struct Participant {
    std::string user_id;
    std::string device_id;
    uint64_t conn = 0;
    bool signalled = false;  // has relayed a call.signal
    std::shared_ptr<boost::asio::steady_timer> grace;

    bool connected() const noexcept { return conn != 0; }
    // Whether a session of this user and device may stand in for the participant.
    bool same_device(const std::string& user, const std::string& device) const {
        return !device_id.empty() && user == user_id && device == device_id;
    }
};

}  // namespace switchboard::calls
