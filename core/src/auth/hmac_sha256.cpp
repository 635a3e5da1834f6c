#include "switchboard/auth/hmac_sha256.hpp"

#include <stdexcept>

#include "openssl_handles.hpp"

namespace switchboard::auth {

std::string HmacSha256::digest(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t mac_size = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                  reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac,
                  &mac_size) == nullptr) {
        throw std::runtime_error("HMAC-SHA-256 failed: " + openssl::drain_errors());
    }
    return std::string(reinterpret_cast<const char*>(mac), mac_size);
}

}  // namespace switchboard::auth
