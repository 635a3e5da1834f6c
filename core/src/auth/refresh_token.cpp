#include "switchboard/auth/refresh_token.hpp"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "hex.hpp"
#include "openssl_handles.hpp"
#include "switchboard/auth/base64_url.hpp"

namespace switchboard::auth {

RefreshToken RefreshToken::generate() {
    std::array<unsigned char, kRandomBytes> random{};
    if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
        throw std::runtime_error("random generator failed: " + openssl::drain_errors());
    }
    RefreshToken result;
    result.token = Base64Url::encode(std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
    result.hash = hash_of(result.token);
    return result;
}

std::string RefreshToken::hash_of(std::string_view token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t digest_size = 0;
    if (EVP_Q_digest(nullptr, "SHA256", nullptr, token.data(), token.size(), digest, &digest_size) != 1) {
        throw std::runtime_error("SHA-256 failed: " + openssl::drain_errors());
    }
    return hex::encode(digest, digest_size);
}

}  // namespace switchboard::auth
