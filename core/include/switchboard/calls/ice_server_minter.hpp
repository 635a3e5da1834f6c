#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "switchboard/calls/call_settings.hpp"

namespace switchboard::calls {

// The ice_servers a client gets with a call: the STUN URLs, and the TURN URLs
// with credentials of the TURN REST API (what coturn's use-auth-secret
// checks): username "expiry:user_id" with the expiry in Unix seconds, and
// credential base64(HMAC-SHA1(secret, username)). Minted per call and user.
class IceServerMinter {
public:
    explicit IceServerMinter(const CallSettings& settings) : settings_(settings) {}

    // [{urls:[stun…]}, {urls:[turn…], username, credential}], each entry only
    // when configured; credentials expire at now_ms + turn ttl.
    nlohmann::json ice_servers(const std::string& user_id, int64_t now_ms) const;

    static std::string username(int64_t expires_at_s, std::string_view user_id);
    static std::string credential(std::string_view secret, std::string_view username);

private:
    const CallSettings& settings_;
};

}  // namespace switchboard::calls
