#include "switchboard/auth/public_key_loader.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <stdexcept>
#include <string>

#include "openssl_handles.hpp"
#include "switchboard/auth/base64_url.hpp"

namespace switchboard::auth {

namespace {

constexpr std::size_t kP256CoordinateBytes = 32;
// Far above any real key or certificate chain; keeps sizes within OpenSSL's int lengths.
constexpr std::size_t kMaxPemBytes = 1024 * 1024;

std::shared_ptr<EVP_PKEY> certificate_key(std::string_view pem) {
    openssl::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) {
        throw std::runtime_error("out of memory reading a PEM certificate");
    }
    openssl::X509Certificate certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!certificate) {
        throw std::invalid_argument("PEM certificate could not be read: " + openssl::drain_errors());
    }
    EVP_PKEY* key = X509_get_pubkey(certificate.get());
    if (key == nullptr) {
        throw std::invalid_argument("PEM certificate has no usable public key: " + openssl::drain_errors());
    }
    return openssl::share_pkey(key);
}

std::shared_ptr<EVP_PKEY> decode_public_key(std::string_view pem) {
    EVP_PKEY* key = nullptr;
    openssl::DecoderContext decoder(OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr,
                                                                  EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
    if (!decoder) {
        throw std::runtime_error("no OpenSSL decoder for PEM public keys: " + openssl::drain_errors());
    }
    auto data = reinterpret_cast<const unsigned char*>(pem.data());
    std::size_t size = pem.size();
    if (OSSL_DECODER_from_data(decoder.get(), &data, &size) != 1 || key == nullptr) {
        throw std::invalid_argument("PEM text holds no readable public key: " + openssl::drain_errors());
    }
    return openssl::share_pkey(key);
}

const std::string& string_member(const nlohmann::json& jwk, const char* name) {
    const auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) {
        throw std::invalid_argument(std::string("JWK has no string member \"") + name + "\"");
    }
    return it->get_ref<const std::string&>();
}

std::string base64url_member(const nlohmann::json& jwk, const char* name) {
    auto bytes = Base64Url::decode(string_member(jwk, name));
    if (!bytes || bytes->empty()) {
        throw std::invalid_argument(std::string("JWK member \"") + name + "\" is not non-empty base64url");
    }
    return std::move(*bytes);
}

openssl::BigNum big_number(const std::string& big_endian) {
    openssl::BigNum number(BN_bin2bn(reinterpret_cast<const unsigned char*>(big_endian.data()),
                                     static_cast<int>(big_endian.size()), nullptr));
    if (!number) {
        throw std::runtime_error("out of memory building a JWK number");
    }
    return number;
}

std::shared_ptr<EVP_PKEY> key_from_params(const char* type, const OSSL_PARAM* params) {
    openssl::PkeyContext context(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY* raw = nullptr;
    if (!context || EVP_PKEY_fromdata_init(context.get()) != 1 ||
        EVP_PKEY_fromdata(context.get(), &raw, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) != 1) {
        throw std::invalid_argument(std::string("JWK is not a valid ") + type + " key: " + openssl::drain_errors());
    }
    auto key = openssl::share_pkey(raw);
    // fromdata takes the numbers as given; the public check rejects, e.g., a point off the curve.
    openssl::PkeyContext check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1) {
        throw std::invalid_argument(std::string("JWK fails the ") + type +
                                    " public key check: " + openssl::drain_errors());
    }
    return key;
}

std::shared_ptr<EVP_PKEY> rsa_from_jwk(const nlohmann::json& jwk) {
    const openssl::BigNum modulus = big_number(base64url_member(jwk, "n"));
    const openssl::BigNum exponent = big_number(base64url_member(jwk, "e"));
    openssl::ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()) != 1) {
        throw std::runtime_error("out of memory building RSA key parameters");
    }
    const openssl::Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    if (!params) {
        throw std::runtime_error("out of memory building RSA key parameters");
    }
    return key_from_params("RSA", params.get());
}

std::shared_ptr<EVP_PKEY> p256_from_jwk(const nlohmann::json& jwk) {
    const std::string& curve = string_member(jwk, "crv");
    if (curve != "P-256") {
        throw std::invalid_argument("JWK curve \"" + curve + "\" is not supported (P-256 only)");
    }
    const std::string x = base64url_member(jwk, "x");
    const std::string y = base64url_member(jwk, "y");
    if (x.size() != kP256CoordinateBytes || y.size() != kP256CoordinateBytes) {
        throw std::invalid_argument("JWK P-256 coordinates must be 32 bytes each");
    }
    // SEC 1 uncompressed point: 0x04 || x || y.
    std::string point(1, '\x04');
    point += x;
    point += y;
    openssl::ParamBuilder builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1) {
        throw std::runtime_error("out of memory building EC key parameters");
    }
    const openssl::Params params(OSSL_PARAM_BLD_to_param(builder.get()));
    if (!params) {
        throw std::runtime_error("out of memory building EC key parameters");
    }
    return key_from_params("EC", params.get());
}

}  // namespace

std::shared_ptr<EVP_PKEY> PublicKeyLoader::from_pem(std::string_view pem) {
    if (pem.size() > kMaxPemBytes) {
        throw std::invalid_argument("PEM text is larger than 1 MiB");
    }
    // A private key would also decode (its public half), but it has no business on this server.
    if (pem.find("PRIVATE KEY-----") != std::string_view::npos) {
        throw std::invalid_argument("PEM text holds a private key; configure the public key instead");
    }
    if (pem.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos) {
        return certificate_key(pem);
    }
    return decode_public_key(pem);
}

std::shared_ptr<EVP_PKEY> PublicKeyLoader::from_jwk(const nlohmann::json& jwk) {
    if (!jwk.is_object()) {
        throw std::invalid_argument("JWK is not a JSON object");
    }
    const std::string& type = string_member(jwk, "kty");
    if (type == "RSA") {
        return rsa_from_jwk(jwk);
    }
    if (type == "EC") {
        return p256_from_jwk(jwk);
    }
    throw std::invalid_argument("JWK key type \"" + type + "\" is not supported (RSA or EC)");
}

}  // namespace switchboard::auth
