#include "switchboard/calls/ice_server_minter.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace switchboard::calls {

using nlohmann::json;

json IceServerMinter::ice_servers(const std::string& user_id, int64_t now_ms) const {
    json servers = json::array();
    if (!settings_.stun_urls.empty()) servers.push_back(json{{"urls", settings_.stun_urls}});
    if (!settings_.turn_urls.empty()) {
        std::string name = username((now_ms + settings_.turn_ttl_ms) / 1000, user_id);
        servers.push_back(json{{"urls", settings_.turn_urls},
                               {"username", name},
                               {"credential", credential(settings_.turn_secret, name)}});
    }
    return servers;
}

std::string IceServerMinter::username(int64_t expires_at_s, std::string_view user_id) {
    return std::to_string(expires_at_s) + ":" + std::string(user_id);
}

std::string IceServerMinter::credential(std::string_view secret, std::string_view username) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (!HMAC(EVP_sha1(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(username.data()), username.size(), mac, &mac_size))
        throw std::runtime_error("HMAC-SHA1 failed");
    std::string encoded(4 * ((mac_size + 2) / 3), '\0');
    int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), mac, static_cast<int>(mac_size));
    encoded.resize(static_cast<size_t>(written));
    return encoded;
}

}  // namespace switchboard::calls
