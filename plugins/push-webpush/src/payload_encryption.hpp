#pragma once

#include <string>
#include <string_view>

#include "switchboard/sdk/push/asymmetric_key.hpp"

namespace switchboard::plugins::push_webpush {

// RFC 8291 message encryption for Web Push, content coding aes128gcm (RFC 8188):
//   ecdh_secret = ECDH(ephemeral private key, user agent's p256dh)
//   IKM   = HKDF(salt = auth secret, ecdh_secret, "WebPush: info\0" || ua_public || as_public, 32)
//   CEK   = HKDF(salt, IKM, "Content-Encoding: aes128gcm\0", 16)
//   NONCE = HKDF(salt, IKM, "Content-Encoding: nonce\0", 12)
//   body  = salt(16) || rs(4) = 4096 || idlen(1) = 65 || as_public(65) || AES-128-GCM(plaintext || 0x02) || tag(16)
// One record: the plaintext may be at most kMaxPlaintext bytes.
class PayloadEncryption {
public:
    static constexpr size_t kRecordSize = 4096;
    static constexpr size_t kMaxPlaintext = kRecordSize - 16 - 1;

    // `ua_public`: the subscription's p256dh (65-byte point); `auth_secret`: its
    // auth (16 bytes). A fresh ephemeral key and salt each call. Throws
    // std::invalid_argument for bad keys or a plaintext over kMaxPlaintext.
    static std::string encrypt(std::string_view plaintext, std::string_view ua_public, std::string_view auth_secret);

    // The same with a given ephemeral P-256 key and salt (RFC 8291's test vector gives both).
    static std::string encrypt_with(std::string_view plaintext, std::string_view ua_public, std::string_view auth_secret,
                                    const sdk::push::AsymmetricKey& as_key, std::string_view salt);
};

}  // namespace switchboard::plugins::push_webpush
