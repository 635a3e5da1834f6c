#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "switchboard/sdk/push/jwt_signer.hpp"
#include "vapid_keys.hpp"

namespace switchboard::plugins::push_webpush {

// The VAPID Authorization header of RFC 8292: "vapid t=<JWT>, k=<public key>"
// with an ES256 JWT {typ: JWT, alg: ES256} . {aud: the push service's origin,
// exp: now + 12 h (at most 24 h allowed), sub: the contact}. One JWT per
// origin, reused until an hour before it expires. Thread-safe.
class VapidSigner {
public:
    VapidSigner(const VapidKeys& keys, std::string subject);

    std::string authorization(const std::string& origin,
                              std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

private:
    struct Signed {
        std::string header;
        std::chrono::system_clock::time_point expires_at;
    };

    sdk::push::JwtSigner signer_;
    std::string public_key_;
    std::string subject_;
    std::mutex mutex_;
    std::map<std::string, Signed> by_origin_;
};

}  // namespace switchboard::plugins::push_webpush
