#pragma once

#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>
#include <openssl/types.h>

namespace switchboard::auth {

// Builds OpenSSL public keys from the formats integrators hand us. Every function
// throws std::invalid_argument with a precise message on input it cannot use.
class PublicKeyLoader {
public:
    // PEM text holding a SubjectPublicKeyInfo ("PUBLIC KEY"), a PKCS#1 "RSA PUBLIC
    // KEY" or an X.509 "CERTIFICATE" (its subject key is used).
    static std::shared_ptr<EVP_PKEY> from_pem(std::string_view pem);

    // One JWK: kty "RSA" with n and e, or kty "EC" with crv "P-256", x and y.
    static std::shared_ptr<EVP_PKEY> from_jwk(const nlohmann::json& jwk);
};

}  // namespace switchboard::auth
