#include "switchboard/auth/jwt_signer.hpp"

#include <stdexcept>
#include <utility>

#include "switchboard/auth/base64_url.hpp"
#include "switchboard/auth/hmac_sha256.hpp"

namespace switchboard::auth {

namespace {

// Fixed bytes: nlohmann would emit the same, but a constant makes the header exact.
constexpr std::string_view kHeader = R"({"alg":"HS256","typ":"JWT"})";

}  // namespace

JwtSigner::JwtSigner(std::string secret) : secret_(std::move(secret)) {
    if (secret_.size() < kMinSecretBytes) {
        throw std::invalid_argument("JWT signing secret must be at least " + std::to_string(kMinSecretBytes) +
                                    " bytes, got " + std::to_string(secret_.size()));
    }
}

std::string JwtSigner::sign(const nlohmann::json& claims) const {
    if (!claims.is_object()) {
        throw std::invalid_argument("JWT claims must be a JSON object");
    }
    std::string token = Base64Url::encode(kHeader);
    token += '.';
    token += Base64Url::encode(claims.dump());
    const std::string signature = HmacSha256::digest(secret_, token);
    token += '.';
    token += Base64Url::encode(signature);
    return token;
}

}  // namespace switchboard::auth
