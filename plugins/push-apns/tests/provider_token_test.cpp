#include "provider_token.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push/asymmetric_key.hpp"
#include "switchboard/sdk/push/base64_url.hpp"

namespace switchboard::plugins::push_apns {
namespace {

using namespace std::chrono_literals;

nlohmann::json part(const std::string& jwt, int index) {
    size_t start = 0;
    for (int i = 0; i < index; ++i) start = jwt.find('.', start) + 1;
    size_t end = jwt.find('.', start);
    return nlohmann::json::parse(*sdk::push::Base64Url::decode(jwt.substr(start, end - start)));
}

TEST(ProviderToken, IsReusedThenRenewedAfterTheRefreshAge) {
    ProviderToken tokens(sdk::push::AsymmetricKey::generate_p256().private_pem(), "ABC123DEFG", "TEAM123456", 40min);
    auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
    std::string first = tokens.current(t0);
    EXPECT_EQ(part(first, 0), (nlohmann::json{{"alg", "ES256"}, {"kid", "ABC123DEFG"}}));
    EXPECT_EQ(part(first, 1), (nlohmann::json{{"iss", "TEAM123456"}, {"iat", 1'700'000'000}}));
    EXPECT_EQ(sdk::push::Base64Url::decode(first.substr(first.rfind('.') + 1))->size(), 64u);  // raw r || s
    EXPECT_EQ(tokens.current(t0 + 39min), first);
    std::string second = tokens.current(t0 + 40min);
    EXPECT_NE(second, first);
    EXPECT_EQ(part(second, 1)["iat"], 1'700'000'000 + 2400);
    tokens.expire(second);
    EXPECT_NE(tokens.current(t0 + 41min), second);
}

}  // namespace
}  // namespace switchboard::plugins::push_apns
