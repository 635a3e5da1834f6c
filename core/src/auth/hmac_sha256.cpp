#include "switchboard/auth/hmac_sha256.hpp"

#include <openssl/core_names.h>

#include <stdexcept>

#include "openssl_handles.hpp"

namespace switchboard::auth {

namespace {

// Fetching the implementation is most of the cost of a one-shot HMAC; do it once.
// Kept for the life of the process, like OpenSSL's own provider tables.
EVP_MAC* hmac_implementation() {
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) {
        throw std::runtime_error("OpenSSL has no HMAC: " + openssl::drain_errors());
    }
    return mac;
}

}  // namespace

std::string HmacSha256::digest(std::string_view key, std::string_view data) {
    openssl::MacContext context(EVP_MAC_CTX_new(hmac_implementation()));
    char digest_name[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
                                 OSSL_PARAM_construct_end()};
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t mac_size = 0;
    if (!context ||
        EVP_MAC_init(context.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1 ||
        EVP_MAC_update(context.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
        EVP_MAC_final(context.get(), mac, &mac_size, sizeof mac) != 1) {
        throw std::runtime_error("HMAC-SHA-256 failed: " + openssl::drain_errors());
    }
    return std::string(reinterpret_cast<const char*>(mac), mac_size);
}

}  // namespace switchboard::auth
