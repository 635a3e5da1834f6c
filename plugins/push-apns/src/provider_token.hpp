#pragma once

#include <chrono>
#include <mutex>
#include <string>

#include "switchboard/sdk/push/jwt_signer.hpp"

namespace switchboard::plugins::push_apns {

// The APNs provider authentication token: an ES256 JWT {alg, kid: key id} .
// {iss: team id, iat}. Apple refuses one older than an hour and one renewed
// more often than every 20 minutes, so the same token is reused and renewed
// every `refresh` (20–55 min, default 40). Thread-safe.
class ProviderToken {
public:
    ProviderToken(const std::string& key_pem, std::string key_id, std::string team_id, std::chrono::seconds refresh);

    // The current token, signed anew when it is `refresh` old (or was expired by Apple).
    std::string current(std::chrono::system_clock::time_point now = std::chrono::system_clock::now());
    // APNs answered ExpiredProviderToken for `token`: the next current() signs a new one.
    void expire(const std::string& token);

private:
    sdk::push::JwtSigner signer_;
    std::string key_id_;
    std::string team_id_;
    std::chrono::seconds refresh_;

    std::mutex mutex_;
    std::string token_;
    std::chrono::system_clock::time_point issued_at_{};
};

}  // namespace switchboard::plugins::push_apns
