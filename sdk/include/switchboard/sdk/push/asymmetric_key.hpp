// Switchboard push kit (header-only): an OpenSSL key (RSA or EC P-256,
// private or public only) and the conversions push providers need: PEM files
// (FCM service accounts, APNs .p8 keys), raw P-256 scalars and points (VAPID
// keys, Web Push subscriptions), ECDH.
#pragma once

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>
#include <string>
#include <string_view>

#include "switchboard/sdk/push/openssl_error.hpp"

namespace switchboard::sdk::push {

class AsymmetricKey {
public:
    static constexpr size_t kP256ScalarBytes = 32;
    static constexpr size_t kP256PointBytes = 65;  // 0x04 || X || Y

    // A PEM private key: PKCS#8 ("BEGIN PRIVATE KEY", as in .p8 files and
    // service-account JSON), or traditional RSA/EC.
    static AsymmetricKey from_pem(std::string_view pem) {
        Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        if (!bio) throw OpenSslError("BIO_new_mem_buf");
        EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
        if (!key) throw OpenSslError("not a PEM private key");
        return AsymmetricKey(key);
    }

    // A P-256 private key from its 32-byte scalar; the public point is derived.
    static AsymmetricKey p256_from_scalar(std::string_view scalar) {
        if (scalar.size() != kP256ScalarBytes)
            throw std::invalid_argument("a P-256 private key is 32 bytes, got " + std::to_string(scalar.size()));
        Bignum d(BN_bin2bn(reinterpret_cast<const unsigned char*>(scalar.data()), static_cast<int>(scalar.size()), nullptr));
        std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1),
                                                                  &EC_GROUP_free);
        std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> point(EC_POINT_new(group.get()), &EC_POINT_free);
        if (!d || !group || !point || EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, nullptr) != 1)
            throw OpenSslError("P-256 public point");
        unsigned char pub[kP256PointBytes];
        if (EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, pub, sizeof(pub), nullptr) !=
            sizeof(pub))
            throw OpenSslError("P-256 public point encoding");
        std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
        if (!build || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
            !OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) ||
            !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub)))
            throw OpenSslError("P-256 key parameters");
        return from_params(build.get(), EVP_PKEY_KEYPAIR);
    }

    // A P-256 public key from its uncompressed point (a subscription's p256dh).
    static AsymmetricKey p256_from_point(std::string_view point) {
        if (point.size() != kP256PointBytes || point[0] != 0x04)
            throw std::invalid_argument("a P-256 public key is a 65-byte uncompressed point");
        std::unique_ptr<OSSL_PARAM_BLD, decltype(&OSSL_PARAM_BLD_free)> build(OSSL_PARAM_BLD_new(), &OSSL_PARAM_BLD_free);
        if (!build || !OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) ||
            !OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
            throw OpenSslError("P-256 key parameters");
        return from_params(build.get(), EVP_PKEY_PUBLIC_KEY);
    }

    static AsymmetricKey generate_p256() {
        EVP_PKEY* key = EVP_EC_gen("P-256");
        if (!key) throw OpenSslError("P-256 key generation");
        return AsymmetricKey(key);
    }

    // Copies share the OpenSSL key (reference-counted; EVP_PKEY is safe to use from several threads).
    AsymmetricKey(const AsymmetricKey& other) noexcept : key_(other.key_.get()) { EVP_PKEY_up_ref(key_.get()); }
    AsymmetricKey& operator=(const AsymmetricKey& other) noexcept {
        if (this != &other) {
            EVP_PKEY_up_ref(other.key_.get());
            key_.reset(other.key_.get());
        }
        return *this;
    }
    AsymmetricKey(AsymmetricKey&&) noexcept = default;
    AsymmetricKey& operator=(AsymmetricKey&&) noexcept = default;

    EVP_PKEY* get() const noexcept { return key_.get(); }
    bool is_rsa() const noexcept { return EVP_PKEY_is_a(key_.get(), "RSA") == 1; }
    bool is_p256() const {
        char group[64] = {0};
        return EVP_PKEY_is_a(key_.get(), "EC") == 1 &&
               EVP_PKEY_get_utf8_string_param(key_.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), nullptr) ==
                   1 &&
               std::string_view(group) == "prime256v1";
    }

    // The uncompressed public point of a P-256 key (65 bytes).
    std::string p256_point() const {
        unsigned char buffer[kP256PointBytes];
        size_t len = 0;
        if (EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buffer, sizeof(buffer), &len) !=
                1 ||
            len != kP256PointBytes)
            throw OpenSslError("P-256 public point");
        return std::string(reinterpret_cast<char*>(buffer), len);
    }

    // The 32-byte private scalar of a P-256 key.
    std::string p256_scalar() const {
        BIGNUM* raw = nullptr;
        if (EVP_PKEY_get_bn_param(key_.get(), OSSL_PKEY_PARAM_PRIV_KEY, &raw) != 1) throw OpenSslError("P-256 scalar");
        Bignum d(raw);
        std::string out(kP256ScalarBytes, '\0');
        if (BN_bn2binpad(d.get(), reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) < 0)
            throw OpenSslError("P-256 scalar encoding");
        return out;
    }

    std::string private_pem() const {
        Bio bio(BIO_new(BIO_s_mem()));
        if (!bio || PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
            throw OpenSslError("PEM encoding");
        char* data = nullptr;
        long len = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<size_t>(len));
    }

    // ECDH: the shared secret of this private key and `peer`'s public key.
    // The peer's point was checked to be on its curve when it was decoded
    // (p256_from_point, PEM); OpenSSL's default peer check would add an
    // order check, a whole scalar multiplication that proves nothing more
    // on P-256 (cofactor 1) and was a third of a Web Push encryption.
    std::string derive(const AsymmetricKey& peer) const {
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new(key_.get(), nullptr),
                                                                        &EVP_PKEY_CTX_free);
        size_t len = 0;
        if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
            EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1 ||
            EVP_PKEY_derive(ctx.get(), nullptr, &len) != 1)
            throw OpenSslError("ECDH");
        std::string secret(len, '\0');
        if (EVP_PKEY_derive(ctx.get(), reinterpret_cast<unsigned char*>(secret.data()), &len) != 1)
            throw OpenSslError("ECDH");
        secret.resize(len);
        return secret;
    }

private:
    struct BioFree {
        void operator()(BIO* b) const noexcept { BIO_free(b); }
    };
    struct BignumFree {
        void operator()(BIGNUM* b) const noexcept { BN_clear_free(b); }
    };
    struct KeyFree {
        void operator()(EVP_PKEY* k) const noexcept { EVP_PKEY_free(k); }
    };
    using Bio = std::unique_ptr<BIO, BioFree>;
    using Bignum = std::unique_ptr<BIGNUM, BignumFree>;

    explicit AsymmetricKey(EVP_PKEY* key) noexcept : key_(key) {}

    static AsymmetricKey from_params(OSSL_PARAM_BLD* build, int selection) {
        std::unique_ptr<OSSL_PARAM, decltype(&OSSL_PARAM_free)> params(OSSL_PARAM_BLD_to_param(build), &OSSL_PARAM_free);
        std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr),
                                                                        &EVP_PKEY_CTX_free);
        EVP_PKEY* key = nullptr;
        if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
            EVP_PKEY_fromdata(ctx.get(), &key, selection, params.get()) != 1)
            throw OpenSslError("not a valid P-256 key");
        return AsymmetricKey(key);
    }

    std::unique_ptr<EVP_PKEY, KeyFree> key_;
};

}  // namespace switchboard::sdk::push
