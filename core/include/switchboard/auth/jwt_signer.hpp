#pragma once

#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

namespace switchboard::auth {

// Mints the server's own access tokens: HS256 with header {"alg":"HS256","typ":"JWT"}.
// Immutable after construction, so one instance may sign from any thread.
class JwtSigner {
public:
    // RFC 7518 §3.2: an HS256 key must be at least as long as the hash output.
    static constexpr std::size_t kMinSecretBytes = 32;

    // Throws std::invalid_argument if the secret is shorter than kMinSecretBytes.
    explicit JwtSigner(std::string secret);

    // Signs the claims exactly as given (sub, iat, exp, iss, aud, jti, extras): the
    // caller owns their content. Throws std::invalid_argument if claims is not an
    // object, nlohmann::json::type_error if a string in it is not valid UTF-8.
    std::string sign(const nlohmann::json& claims) const;

private:
    std::string secret_;
};

}  // namespace switchboard::auth
