#include "jwt_minter.hpp"

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "base64.hpp"

namespace switchboard::bench {

JwtMinter::JwtMinter(std::string secret, std::string issuer, std::string audience)
    : secret_(std::move(secret)), issuer_(std::move(issuer)), audience_(std::move(audience)) {
    if (secret_.empty()) throw std::invalid_argument("the JWT secret is empty");
}

std::string JwtMinter::mint(const std::string& subject, int64_t issued_at_s, int64_t lifetime_s) const {
    nlohmann::json claims{{"sub", subject},
                          {"iat", issued_at_s},
                          {"exp", issued_at_s + lifetime_s},
                          {"iss", issuer_},
                          {"aud", audience_}};
    std::string signing_input =
        base64url_encode(R"({"alg":"HS256","typ":"JWT"})") + "." + base64url_encode(claims.dump());
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (!HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
              reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac, &mac_size))
        throw std::runtime_error("HMAC-SHA256 failed");
    return signing_input + "." + base64url_encode(std::string_view(reinterpret_cast<const char*>(mac), mac_size));
}

}  // namespace switchboard::bench
