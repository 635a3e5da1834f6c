#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/push/base64_url.hpp"
#include "vapid_keys.hpp"
#include "vapid_signer.hpp"

namespace switchboard::plugins::push_webpush {
namespace {

using namespace std::chrono_literals;
using sdk::push::Base64Url;

TEST(VapidKeys, RoundTripAndRefuseAMismatchedPublicKey) {
    auto keys = VapidKeys::generate();
    auto again = VapidKeys::from_base64url(keys.private_key_base64url(), keys.public_key_base64url());
    EXPECT_EQ(again.public_key_base64url(), keys.public_key_base64url());
    EXPECT_EQ(VapidKeys::from_base64url(keys.private_key_base64url(), "").public_key_base64url(),
              keys.public_key_base64url());
    EXPECT_EQ(Base64Url::decode(keys.public_key_base64url())->size(), 65u);
    try {
        VapidKeys::from_base64url(keys.private_key_base64url(), VapidKeys::generate().public_key_base64url());
        FAIL();
    } catch (const sdk::Error& e) {
        EXPECT_STREQ(e.what(), "vapid_public_key is not the public half of vapid_private_key");
    }
    EXPECT_THROW(VapidKeys::from_base64url("abc", ""), sdk::Error);
}

TEST(VapidSigner, OneJwtPerOriginReusedUntilAnHourBeforeItExpires) {
    auto keys = VapidKeys::generate();
    VapidSigner signer(keys, "mailto:ops@example.com");
    auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    std::string a = signer.authorization("https://push.example.net", t0);
    ASSERT_EQ(a.rfind("vapid t=", 0), 0u);
    EXPECT_EQ(a.substr(a.find(", k=") + 4), keys.public_key_base64url());
    std::string jwt = a.substr(8, a.find(',') - 8);
    size_t dot = jwt.find('.');
    auto claims = nlohmann::json::parse(*Base64Url::decode(jwt.substr(dot + 1, jwt.rfind('.') - dot - 1)));
    EXPECT_EQ(claims["aud"], "https://push.example.net");
    EXPECT_EQ(claims["sub"], "mailto:ops@example.com");
    EXPECT_EQ(claims["exp"], 1'700'000'000 + 12 * 3600);
    EXPECT_EQ(signer.authorization("https://push.example.net", t0 + 10h), a);
    EXPECT_NE(signer.authorization("https://push.example.net", t0 + 11h), a);
    EXPECT_NE(signer.authorization("https://other.example.net", t0), a);
}

}  // namespace
}  // namespace switchboard::plugins::push_webpush
