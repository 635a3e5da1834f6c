#pragma once

#include <string>

#include "switchboard/sdk/push/asymmetric_key.hpp"

namespace switchboard::plugins::push_webpush {

// The application server's VAPID key pair (ECDSA P-256): the private key
// signs the JWTs, the public key (65-byte point, base64url) is the
// applicationServerKey browsers subscribe with and the "k" of each request.
class VapidKeys {
public:
    // From the base64url raw scalar and point (the public one may be empty:
    // it is derived; when given it must match). Throws sdk::Error(SB_ERR_BAD_REQUEST).
    static VapidKeys from_base64url(const std::string& private_key, const std::string& public_key);
    // From a PEM file holding an EC P-256 private key (e.g. `openssl ecparam -name prime256v1 -genkey`).
    static VapidKeys from_pem_file(const std::string& path);
    static VapidKeys generate();

    const sdk::push::AsymmetricKey& key() const { return key_; }
    const std::string& public_key_base64url() const { return public_key_; }
    std::string private_key_base64url() const;

private:
    explicit VapidKeys(sdk::push::AsymmetricKey key);

    sdk::push::AsymmetricKey key_;
    std::string public_key_;
};

}  // namespace switchboard::plugins::push_webpush
