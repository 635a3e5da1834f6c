#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/types.h>

#include "switchboard/auth/jwt_algorithm.hpp"

namespace switchboard::auth {

// One key able to check JWS signatures of exactly one algorithm, fixed by the key's
// type when it is built (never by a token's header). Immutable; verify() is safe
// to call from many threads at once.
class VerificationKey {
public:
    // HS256. Throws std::invalid_argument if the secret is shorter than 32 bytes.
    static VerificationKey hmac_sha256(std::string secret);

    // RS256 for an RSA key of at least 2048 bits, ES256 for a P-256 key; throws
    // std::invalid_argument for any other key. kid is the JWKS key id, if any.
    static VerificationKey public_key(std::shared_ptr<EVP_PKEY> key, std::optional<std::string> kid);

    JwtAlgorithm algorithm() const noexcept { return algorithm_; }
    const std::optional<std::string>& kid() const noexcept { return kid_; }

    // Checks signature (the decoded third JWS segment) over signing_input
    // ("header.payload" as sent). HMACs are compared in constant time; ES256
    // signatures must be the 64-byte JOSE r||s form.
    bool verify(std::string_view signing_input, std::string_view signature) const;

private:
    VerificationKey(JwtAlgorithm algorithm, std::string secret, std::shared_ptr<EVP_PKEY> public_key,
                    std::optional<std::string> kid);

    bool verify_hmac(std::string_view signing_input, std::string_view signature) const;
    bool verify_rsa(std::string_view signing_input, std::string_view signature) const;
    bool verify_ecdsa(std::string_view signing_input, std::string_view signature) const;
    bool verify_digest_signature(std::string_view signing_input, const unsigned char* signature,
                                 std::size_t signature_size) const;

    JwtAlgorithm algorithm_;
    std::string secret_;
    std::shared_ptr<EVP_PKEY> public_key_;
    std::optional<std::string> kid_;
};

}  // namespace switchboard::auth
