#pragma once

#include <cstdint>
#include <string>

namespace switchboard::chat {

// Who an access token speaks for, once verified.
struct Identity {
    std::string user_id;
    std::string device_id;  // the token's "did" claim, or empty
    int64_t expires_at = 0; // seconds since the epoch
};

}  // namespace switchboard::chat
