#include "payload_encryption.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

#include "switchboard/sdk/push/asymmetric_key.hpp"
#include "switchboard/sdk/push/openssl_error.hpp"

namespace switchboard::plugins::push_webpush {

using sdk::push::AsymmetricKey;

namespace {

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
              data.size(), out, &len))
        throw sdk::push::OpenSslError("HMAC-SHA256");
    return std::string(reinterpret_cast<char*>(out), len);
}

// HKDF-SHA256 (RFC 5869) for outputs of at most one hash block, all Web Push needs.
std::string hkdf(std::string_view salt, std::string_view ikm, std::string_view info, size_t length) {
    std::string prk = hmac_sha256(salt, ikm);
    std::string block(info);
    block.push_back('\x01');
    return hmac_sha256(prk, block).substr(0, length);
}

std::string random_bytes(size_t n) {
    std::string out(n, '\0');
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw sdk::push::OpenSslError("RAND_bytes");
    return out;
}

std::string aes128gcm(std::string_view key, std::string_view nonce, const std::string& plaintext) {
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    std::string out(plaintext.size() + 16, '\0');
    auto* o = reinterpret_cast<unsigned char*>(out.data());
    int len = 0, tail = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, reinterpret_cast<const unsigned char*>(key.data()),
                           reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
        EVP_EncryptUpdate(ctx.get(), o, &len, reinterpret_cast<const unsigned char*>(plaintext.data()),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), o + len, &tail) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, o + len + tail) != 1)
        throw sdk::push::OpenSslError("AES-128-GCM");
    out.resize(static_cast<size_t>(len + tail) + 16);
    return out;
}

}  // namespace

std::string PayloadEncryption::encrypt(std::string_view plaintext, std::string_view ua_public,
                                       std::string_view auth_secret) {
    return encrypt_with(plaintext, ua_public, auth_secret, AsymmetricKey::generate_p256(), random_bytes(16));
}

std::string PayloadEncryption::encrypt_with(std::string_view plaintext, std::string_view ua_public,
                                            std::string_view auth_secret, const AsymmetricKey& as_key,
                                            std::string_view salt) {
    if (plaintext.size() > kMaxPlaintext)
        throw std::invalid_argument("payload of " + std::to_string(plaintext.size()) + " bytes is over the " +
                                    std::to_string(kMaxPlaintext) + " a Web Push message can carry");
    if (auth_secret.size() != 16) throw std::invalid_argument("the subscription's auth secret is not 16 bytes");
    AsymmetricKey ua = AsymmetricKey::p256_from_point(ua_public);
    std::string as_public = as_key.p256_point();
    std::string ecdh_secret = as_key.derive(ua);

    std::string key_info = std::string("WebPush: info") + '\0';
    key_info.append(ua_public).append(as_public);
    std::string ikm = hkdf(auth_secret, ecdh_secret, key_info, 32);
    std::string cek = hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm") + '\0', 16);
    std::string nonce = hkdf(salt, ikm, std::string("Content-Encoding: nonce") + '\0', 12);

    std::string padded(plaintext);
    padded.push_back('\x02');  // the last (and only) record's delimiter
    std::string body(salt);
    body.push_back(static_cast<char>((kRecordSize >> 24) & 0xff));
    body.push_back(static_cast<char>((kRecordSize >> 16) & 0xff));
    body.push_back(static_cast<char>((kRecordSize >> 8) & 0xff));
    body.push_back(static_cast<char>(kRecordSize & 0xff));
    body.push_back(static_cast<char>(as_public.size()));
    body += as_public;
    body += aes128gcm(cek, nonce, padded);
    return body;
}

}  // namespace switchboard::plugins::push_webpush
