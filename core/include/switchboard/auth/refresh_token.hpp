#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace switchboard::auth {

// An opaque refresh token: 32 random bytes in base64url, given to the client once.
// Only its SHA-256 is stored, so a leaked database does not yield usable tokens;
// the token has full entropy, so a fast unsalted hash is enough.
struct RefreshToken {
    static constexpr std::size_t kRandomBytes = 32;

    // Throws std::runtime_error if the system random generator fails.
    static RefreshToken generate();
    // Lowercase hex SHA-256 of the token text: the value to store and look up.
    static std::string hash_of(std::string_view token);

    std::string token;
    std::string hash;
};

}  // namespace switchboard::auth
