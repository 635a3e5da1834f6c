#include "switchboard/auth/verification_key.hpp"

#include <openssl/crypto.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>

#include <stdexcept>
#include <utility>
#include <vector>

#include "openssl_handles.hpp"
#include "switchboard/auth/hmac_sha256.hpp"

namespace switchboard::auth {

namespace {

constexpr std::size_t kMinHmacSecretBytes = 32;
constexpr int kMinRsaBits = 2048;
constexpr std::size_t kEs256SignatureBytes = 64;

bool is_p256(EVP_PKEY* key) {
    char group[64];
    std::size_t length = 0;
    if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1) {
        return false;
    }
    return OBJ_sn2nid(group) == NID_X9_62_prime256v1;
}

}  // namespace

VerificationKey::VerificationKey(JwtAlgorithm algorithm, std::string secret, std::shared_ptr<EVP_PKEY> public_key,
                                 std::optional<std::string> kid)
    : algorithm_(algorithm), secret_(std::move(secret)), public_key_(std::move(public_key)), kid_(std::move(kid)) {}

VerificationKey VerificationKey::hmac_sha256(std::string secret) {
    if (secret.size() < kMinHmacSecretBytes) {
        throw std::invalid_argument("HS256 secret must be at least " + std::to_string(kMinHmacSecretBytes) +
                                    " bytes (RFC 7518 §3.2), got " + std::to_string(secret.size()));
    }
    return VerificationKey(JwtAlgorithm::hs256, std::move(secret), nullptr, std::nullopt);
}

VerificationKey VerificationKey::public_key(std::shared_ptr<EVP_PKEY> key, std::optional<std::string> kid) {
    if (!key) {
        throw std::invalid_argument("public key is null");
    }
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        const int bits = EVP_PKEY_get_bits(key.get());
        if (bits < kMinRsaBits) {
            throw std::invalid_argument("RSA key has " + std::to_string(bits) + " bits; at least " +
                                        std::to_string(kMinRsaBits) + " are required");
        }
        return VerificationKey(JwtAlgorithm::rs256, {}, std::move(key), std::move(kid));
    }
    if (EVP_PKEY_is_a(key.get(), "EC") && is_p256(key.get())) {
        return VerificationKey(JwtAlgorithm::es256, {}, std::move(key), std::move(kid));
    }
    throw std::invalid_argument("public key must be RSA (RS256) or EC P-256 (ES256)");
}

bool VerificationKey::verify(std::string_view signing_input, std::string_view signature) const {
    switch (algorithm_) {
        case JwtAlgorithm::hs256:
            return verify_hmac(signing_input, signature);
        case JwtAlgorithm::rs256:
            return verify_rsa(signing_input, signature);
        case JwtAlgorithm::es256:
            return verify_ecdsa(signing_input, signature);
    }
    return false;
}

bool VerificationKey::verify_hmac(std::string_view signing_input, std::string_view signature) const {
    const std::string expected = HmacSha256::digest(secret_, signing_input);
    return signature.size() == expected.size() &&
           CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) == 0;
}

bool VerificationKey::verify_rsa(std::string_view signing_input, std::string_view signature) const {
    return verify_digest_signature(signing_input, reinterpret_cast<const unsigned char*>(signature.data()),
                                   signature.size());
}

bool VerificationKey::verify_ecdsa(std::string_view signing_input, std::string_view signature) const {
    // JWS carries ECDSA as fixed-width r||s (RFC 7518 §3.4); OpenSSL wants DER.
    if (signature.size() != kEs256SignatureBytes) {
        return false;
    }
    const auto bytes = reinterpret_cast<const unsigned char*>(signature.data());
    const std::size_t half = kEs256SignatureBytes / 2;
    openssl::BigNum r(BN_bin2bn(bytes, static_cast<int>(half), nullptr));
    openssl::BigNum s(BN_bin2bn(bytes + half, static_cast<int>(half), nullptr));
    openssl::EcdsaSignature ecdsa(ECDSA_SIG_new());
    if (!r || !s || !ecdsa || ECDSA_SIG_set0(ecdsa.get(), r.get(), s.get()) != 1) {
        throw std::runtime_error("out of memory converting an ES256 signature");
    }
    // ECDSA_SIG_set0 took ownership of r and s.
    r.release();
    s.release();
    const int der_size = i2d_ECDSA_SIG(ecdsa.get(), nullptr);
    if (der_size <= 0) {
        throw std::runtime_error("ES256 signature could not be DER-encoded: " + openssl::drain_errors());
    }
    std::vector<unsigned char> der(static_cast<std::size_t>(der_size));
    unsigned char* cursor = der.data();
    i2d_ECDSA_SIG(ecdsa.get(), &cursor);
    return verify_digest_signature(signing_input, der.data(), der.size());
}

bool VerificationKey::verify_digest_signature(std::string_view signing_input, const unsigned char* signature,
                                              std::size_t signature_size) const {
    openssl::MdContext context(EVP_MD_CTX_new());
    if (!context ||
        EVP_DigestVerifyInit_ex(context.get(), nullptr, "SHA256", nullptr, nullptr, public_key_.get(), nullptr) != 1) {
        throw std::runtime_error("signature verification setup failed: " + openssl::drain_errors());
    }
    const bool valid = EVP_DigestVerify(context.get(), signature, signature_size,
                                        reinterpret_cast<const unsigned char*>(signing_input.data()),
                                        signing_input.size()) == 1;
    // A refused signature leaves errors queued; they are expected, not news.
    ERR_clear_error();
    return valid;
}

}  // namespace switchboard::auth
