// Switchboard push kit (header-only): compact JWS signing with the key a
// provider gave: RS256 (FCM's service-account assertion) or ES256 (APNs
// provider tokens, VAPID). Immutable after construction: sign() may run on any
// thread.
#pragma once

#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

#include "switchboard/sdk/push/asymmetric_key.hpp"
#include "switchboard/sdk/push/base64_url.hpp"
#include "switchboard/sdk/push/openssl_error.hpp"

namespace switchboard::sdk::push {

class JwtSigner {
public:
    enum class Algorithm { RS256, ES256 };

    // Throws std::invalid_argument when the key does not fit the algorithm
    // (RS256 needs RSA, ES256 needs EC P-256).
    JwtSigner(AsymmetricKey key, Algorithm algorithm) : key_(std::move(key)), algorithm_(algorithm) {
        if (algorithm_ == Algorithm::RS256 && !key_.is_rsa()) throw std::invalid_argument("RS256 needs an RSA key");
        if (algorithm_ == Algorithm::ES256 && !key_.is_p256()) throw std::invalid_argument("ES256 needs an EC P-256 key");
    }

    const char* algorithm_name() const noexcept { return algorithm_ == Algorithm::RS256 ? "RS256" : "ES256"; }
    const AsymmetricKey& key() const noexcept { return key_; }

    // `header_json` and `claims_json` are serialised JSON objects, signed as
    // given (the header must name this signer's algorithm).
    std::string sign(std::string_view header_json, std::string_view claims_json) const {
        std::string input = Base64Url::encode(header_json) + "." + Base64Url::encode(claims_json);
        return input + "." + Base64Url::encode(signature(input));
    }

private:
    std::string signature(std::string_view input) const {
        std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
        size_t len = 0;
        if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
            EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) !=
                1)
            throw OpenSslError(std::string(algorithm_name()) + " signing");
        std::string der(len, '\0');
        if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len,
                           reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
            throw OpenSslError(std::string(algorithm_name()) + " signing");
        der.resize(len);
        return algorithm_ == Algorithm::ES256 ? der_to_raw(der) : der;
    }

    // JWS ES256 wants r || s, each 32 bytes big-endian; OpenSSL gives DER.
    static std::string der_to_raw(const std::string& der) {
        const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
        std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())),
                                                                  &ECDSA_SIG_free);
        if (!sig) throw OpenSslError("ECDSA signature decoding");
        std::string raw(64, '\0');
        auto* out = reinterpret_cast<unsigned char*>(raw.data());
        if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, 32) != 32 ||
            BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + 32, 32) != 32)
            throw OpenSslError("ECDSA signature encoding");
        return raw;
    }

    AsymmetricKey key_;
    Algorithm algorithm_;
};

}  // namespace switchboard::sdk::push
