#include "vapid_signer.hpp"

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_webpush {

namespace {
constexpr std::chrono::hours kLifetime{12};
constexpr std::chrono::hours kRenewBefore{1};
}  // namespace

VapidSigner::VapidSigner(const VapidKeys& keys, std::string subject)
    : signer_(keys.key(), sdk::push::JwtSigner::Algorithm::ES256),
      public_key_(keys.public_key_base64url()),
      subject_(std::move(subject)) {}

std::string VapidSigner::authorization(const std::string& origin, std::chrono::system_clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_origin_.find(origin);
    if (it != by_origin_.end() && now + kRenewBefore < it->second.expires_at) return it->second.header;
    auto expires_at = now + kLifetime;
    int64_t exp = std::chrono::duration_cast<std::chrono::seconds>(expires_at.time_since_epoch()).count();
    std::string jwt = signer_.sign(nlohmann::json{{"typ", "JWT"}, {"alg", "ES256"}}.dump(),
                                   nlohmann::json{{"aud", origin}, {"exp", exp}, {"sub", subject_}}.dump());
    std::string header = "vapid t=" + jwt + ", k=" + public_key_;
    by_origin_[origin] = Signed{header, expires_at};
    return header;
}

}  // namespace switchboard::plugins::push_webpush
