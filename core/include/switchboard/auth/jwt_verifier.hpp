#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "switchboard/auth/claim_expectations.hpp"
#include "switchboard/auth/verification_key.hpp"
#include "switchboard/auth/verify_result.hpp"

namespace switchboard::auth {

// Verifies JWTs against the configured key sources: the server's own HS256 secrets
// (tokens it issued, source "internal") and any number of integrator sources
// (an HS256 secret, a PEM public key, a JWKS; source "external"), each with its own
// iss/aud expectations.
//
// Rules: alg "none" is always refused; a token is only checked with keys whose
// algorithm equals its alg (so no algorithm confusion); exp is required; nbf and
// iat are honoured; all time checks allow `leeway` of clock skew.
//
// Threading: configure with the add_* functions first (not thread-safe), then
// verify() may run from any number of threads at once.
class JwtVerifier {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    static constexpr std::size_t kMaxTokenBytes = 16 * 1024;

    explicit JwtVerifier(std::chrono::seconds leeway = std::chrono::seconds{30},
                         Clock clock = [] { return std::chrono::system_clock::now(); });

    // One of our own signing secrets. Call once per secret to accept the previous
    // secret during a rotation. Our tokens always carry iss and aud, so both are required.
    void add_internal_secret(std::string secret, std::string issuer, std::string audience);

    // An integrator's HS256 secret (at least 32 bytes).
    void add_external_secret(std::string secret, ClaimExpectations expected);

    // An integrator's public key: RSA (RS256) or EC P-256 (ES256), as PEM text or a PEM file.
    void add_external_pem(std::string_view pem, ClaimExpectations expected);
    void add_external_pem_file(const std::filesystem::path& path, ClaimExpectations expected);

    // An integrator's JWK Set: RSA and EC P-256 signing keys, chosen by the token's kid.
    // Keys of other types or for other uses are skipped; a set with no usable key throws.
    void add_external_jwks(std::string_view jwks_json, ClaimExpectations expected);
    void add_external_jwks_file(const std::filesystem::path& path, ClaimExpectations expected);

    VerifyResult verify(std::string_view token) const;

private:
    struct KeySource {
        VerificationKey key;
        ClaimExpectations expected;
        std::string source;
    };

    const KeySource* find_signing_source(JwtAlgorithm algorithm, const std::string* kid,
                                         std::string_view signing_input, std::string_view signature,
                                         TokenError& error) const;
    VerifyResult check_claims(const KeySource& source, nlohmann::json claims) const;

    std::chrono::seconds leeway_;
    Clock clock_;
    std::vector<KeySource> sources_;
};

}  // namespace switchboard::auth
