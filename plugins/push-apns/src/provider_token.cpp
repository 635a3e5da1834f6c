#include "provider_token.hpp"

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_apns {

ProviderToken::ProviderToken(const std::string& key_pem, std::string key_id, std::string team_id,
                             std::chrono::seconds refresh)
    : signer_(sdk::push::AsymmetricKey::from_pem(key_pem), sdk::push::JwtSigner::Algorithm::ES256),
      key_id_(std::move(key_id)),
      team_id_(std::move(team_id)),
      refresh_(refresh) {}

std::string ProviderToken::current(std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (token_.empty() || now - issued_at_ >= refresh_ || now < issued_at_) {
        int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
        token_ = signer_.sign(nlohmann::json{{"alg", "ES256"}, {"kid", key_id_}}.dump(),
                              nlohmann::json{{"iss", team_id_}, {"iat", iat}}.dump());
        issued_at_ = now;
    }
    return token_;
}

void ProviderToken::expire(const std::string& token) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (token == token_) token_.clear();
}

}  // namespace switchboard::plugins::push_apns
