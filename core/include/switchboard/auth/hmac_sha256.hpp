#pragma once

#include <string>
#include <string_view>

namespace switchboard::auth {

// HMAC-SHA-256 through OpenSSL's EVP_MAC, shared by the signer and the verifier.
class HmacSha256 {
public:
    // The 32-byte MAC of data under key. Throws std::runtime_error if OpenSSL fails.
    static std::string digest(std::string_view key, std::string_view data);
};

}  // namespace switchboard::auth
