#include "vapid_keys.hpp"

#include <fstream>
#include <sstream>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/push/base64_url.hpp"

namespace switchboard::plugins::push_webpush {

using sdk::push::AsymmetricKey;
using sdk::push::Base64Url;

VapidKeys::VapidKeys(AsymmetricKey key) : key_(std::move(key)), public_key_(Base64Url::encode(key_.p256_point())) {}

VapidKeys VapidKeys::from_base64url(const std::string& private_key, const std::string& public_key) {
    auto scalar = Base64Url::decode(private_key);
    if (!scalar || scalar->size() != AsymmetricKey::kP256ScalarBytes)
        throw sdk::Error(SB_ERR_BAD_REQUEST, "vapid_private_key is not a base64url P-256 private key (32 bytes)");
    VapidKeys keys(AsymmetricKey::p256_from_scalar(*scalar));
    if (!public_key.empty() && Base64Url::decode(public_key) != Base64Url::decode(keys.public_key_))
        throw sdk::Error(SB_ERR_BAD_REQUEST, "vapid_public_key is not the public half of vapid_private_key");
    return keys;
}

VapidKeys VapidKeys::from_pem_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw sdk::Error(SB_ERR_BAD_REQUEST, "vapid_private_key_file '" + path + "' cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    AsymmetricKey key = [&] {
        try {
            return AsymmetricKey::from_pem(text.str());
        } catch (const std::exception& e) {
            throw sdk::Error(SB_ERR_BAD_REQUEST, "vapid_private_key_file '" + path + "': " + e.what());
        }
    }();
    if (!key.is_p256())
        throw sdk::Error(SB_ERR_BAD_REQUEST, "vapid_private_key_file '" + path + "' is not an EC P-256 key");
    return VapidKeys(std::move(key));
}

VapidKeys VapidKeys::generate() { return VapidKeys(AsymmetricKey::generate_p256()); }

std::string VapidKeys::private_key_base64url() const { return Base64Url::encode(key_.p256_scalar()); }

}  // namespace switchboard::plugins::push_webpush
