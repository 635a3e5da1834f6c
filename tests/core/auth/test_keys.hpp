#pragma once

// Test-side JOSE tooling built straight on OpenSSL, independent of the code under
// test: key generation, PEM/JWK export and RS256/ES256/HS256 signing.

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "switchboard/auth/base64_url.hpp"
#include "switchboard/auth/hmac_sha256.hpp"

namespace switchboard::auth::testing {

using Key = std::shared_ptr<EVP_PKEY>;

inline void require(bool condition, const char* what) {
    if (!condition) {
        throw std::runtime_error(std::string("test key helper failed: ") + what);
    }
}

inline Key generate_rsa(unsigned bits = 2048) {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits));
    require(key != nullptr, "RSA keygen");
    return Key(key, EVP_PKEY_free);
}

inline Key generate_ec(const char* curve = "P-256") {
    EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
    require(key != nullptr, "EC keygen");
    return Key(key, EVP_PKEY_free);
}

inline std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
}

inline std::string public_pem(const Key& key) {
    BIO* bio = BIO_new(BIO_s_mem());
    require(PEM_write_bio_PUBKEY(bio, key.get()) == 1, "PEM_write_bio_PUBKEY");
    return bio_text(bio);
}

inline std::string private_pem(const Key& key) {
    BIO* bio = BIO_new(BIO_s_mem());
    require(PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM private");
    return bio_text(bio);
}

// "-----BEGIN RSA PUBLIC KEY-----" (PKCS#1) rather than SubjectPublicKeyInfo.
inline std::string rsa_pkcs1_pem(const Key& key) {
    OSSL_ENCODER_CTX* encoder =
        OSSL_ENCODER_CTX_new_for_pkey(key.get(), EVP_PKEY_PUBLIC_KEY, "PEM", "type-specific", nullptr);
    require(encoder != nullptr, "OSSL_ENCODER_CTX_new_for_pkey");
    unsigned char* data = nullptr;
    std::size_t size = 0;
    const bool ok = OSSL_ENCODER_to_data(encoder, &data, &size) == 1;
    OSSL_ENCODER_CTX_free(encoder);
    require(ok, "OSSL_ENCODER_to_data");
    std::string text(reinterpret_cast<const char*>(data), size);
    OPENSSL_free(data);
    return text;
}

inline std::string self_signed_certificate_pem(const Key& key) {
    X509* certificate = X509_new();
    require(certificate != nullptr, "X509_new");
    X509_set_version(certificate, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
    X509_set_pubkey(certificate, key.get());
    X509_NAME* name = X509_get_subject_name(certificate);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("test"), -1, -1, 0);
    X509_set_issuer_name(certificate, name);
    const bool signed_ok = X509_sign(certificate, key.get(), EVP_sha256()) > 0;
    BIO* bio = BIO_new(BIO_s_mem());
    const bool written = PEM_write_bio_X509(bio, certificate) == 1;
    X509_free(certificate);
    require(signed_ok && written, "self-signed certificate");
    return bio_text(bio);
}

inline std::string big_number_param(const Key& key, const char* name, int pad_to = 0) {
    BIGNUM* number = nullptr;
    require(EVP_PKEY_get_bn_param(key.get(), name, &number) == 1, name);
    std::string bytes(static_cast<std::size_t>(pad_to > 0 ? pad_to : BN_num_bytes(number)), '\0');
    const int written = pad_to > 0 ? BN_bn2binpad(number, reinterpret_cast<unsigned char*>(bytes.data()), pad_to)
                                   : BN_bn2bin(number, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(number);
    require(written >= 0, "BN to binary");
    return bytes;
}

inline nlohmann::json jwk(const Key& key, const std::string& kid) {
    nlohmann::json out;
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        out = {{"kty", "RSA"},
               {"n", Base64Url::encode(big_number_param(key, OSSL_PKEY_PARAM_RSA_N))},
               {"e", Base64Url::encode(big_number_param(key, OSSL_PKEY_PARAM_RSA_E))}};
    } else {
        out = {{"kty", "EC"},
               {"crv", "P-256"},
               {"x", Base64Url::encode(big_number_param(key, OSSL_PKEY_PARAM_EC_PUB_X, 32))},
               {"y", Base64Url::encode(big_number_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
    }
    if (!kid.empty()) {
        out["kid"] = kid;
    }
    return out;
}

inline std::string signing_input(const nlohmann::json& header, const nlohmann::json& claims) {
    return Base64Url::encode(header.dump()) + "." + Base64Url::encode(claims.dump());
}

// DER as OpenSSL produces it, before any JOSE conversion.
inline std::string der_signature(const Key& key, const std::string& input) {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    std::size_t size = 0;
    bool ok = EVP_DigestSignInit_ex(context, nullptr, "SHA256", nullptr, nullptr, key.get(), nullptr) == 1 &&
              EVP_DigestSign(context, nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()),
                             input.size()) == 1;
    std::string signature(size, '\0');
    ok = ok && EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &size,
                              reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
    EVP_MD_CTX_free(context);
    require(ok, "EVP_DigestSign");
    signature.resize(size);
    return signature;
}

inline std::string der_to_jose(const std::string& der) {
    auto cursor = reinterpret_cast<const unsigned char*>(der.data());
    ECDSA_SIG* signature = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size()));
    require(signature != nullptr, "d2i_ECDSA_SIG");
    std::string jose(64, '\0');
    const bool ok =
        BN_bn2binpad(ECDSA_SIG_get0_r(signature), reinterpret_cast<unsigned char*>(jose.data()), 32) == 32 &&
        BN_bn2binpad(ECDSA_SIG_get0_s(signature), reinterpret_cast<unsigned char*>(jose.data()) + 32, 32) == 32;
    ECDSA_SIG_free(signature);
    require(ok, "ECDSA r||s");
    return jose;
}

// Signs with RS256 for an RSA key, ES256 for an EC key; header gets alg and any extras.
inline std::string sign_token(const Key& key, nlohmann::json claims, nlohmann::json header = nlohmann::json::object()) {
    const bool rsa = EVP_PKEY_is_a(key.get(), "RSA");
    if (!header.contains("alg")) {
        header["alg"] = rsa ? "RS256" : "ES256";
    }
    const std::string input = signing_input(header, claims);
    const std::string der = der_signature(key, input);
    return input + "." + Base64Url::encode(rsa ? der : der_to_jose(der));
}

inline std::string hs256_token(const std::string& secret, const nlohmann::json& claims,
                               nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}}) {
    const std::string input = signing_input(header, claims);
    return input + "." + Base64Url::encode(HmacSha256::digest(secret, input));
}

}  // namespace switchboard::auth::testing
