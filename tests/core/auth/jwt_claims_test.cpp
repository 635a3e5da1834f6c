#include <gtest/gtest.h>

#include <string>

#include "switchboard/auth/jwt_signer.hpp"
#include "switchboard/auth/jwt_verifier.hpp"

namespace switchboard::auth {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "claims-test-secret-0123456789abcdef";
const std::string kExternalSecret = "claims-test-external-0123456789abcdef";

class JwtClaims : public ::testing::Test {
protected:
    JwtVerifier verifier(std::chrono::seconds leeway = 30s) const {
        JwtVerifier result(leeway, [] { return std::chrono::system_clock::time_point{std::chrono::seconds{kNow}}; });
        result.add_internal_secret(kSecret, "switchboard", "clients");
        return result;
    }

    static json claims() {
        return {{"sub", "u1"}, {"iat", kNow}, {"exp", kNow + 600}, {"iss", "switchboard"}, {"aud", "clients"}};
    }

    static std::string sign(const json& payload) { return JwtSigner(kSecret).sign(payload); }

    TokenErrorReason reason_for(const json& payload, std::chrono::seconds leeway = 30s) const {
        const VerifyResult result = verifier(leeway).verify(sign(payload));
        EXPECT_FALSE(result.ok()) << payload.dump();
        return result.ok() ? TokenErrorReason::malformed : result.error().reason;
    }

    bool accepts(const json& payload, std::chrono::seconds leeway = 30s) const {
        const VerifyResult result = verifier(leeway).verify(sign(payload));
        return result.ok();
    }
};

TEST_F(JwtClaims, RequiresANumericExp) {
    json payload = claims();
    payload.erase("exp");
    EXPECT_EQ(reason_for(payload), TokenErrorReason::malformed);
    payload["exp"] = std::to_string(kNow + 600);
    EXPECT_EQ(reason_for(payload), TokenErrorReason::malformed);
    payload["exp"] = static_cast<double>(kNow) + 600.5;
    EXPECT_TRUE(accepts(payload));
}

TEST_F(JwtClaims, RefusesExpiredTokensAfterTheLeeway) {
    json payload = claims();
    payload["exp"] = kNow - 10;
    EXPECT_TRUE(accepts(payload));
    payload["exp"] = kNow - 29;
    EXPECT_TRUE(accepts(payload));
    payload["exp"] = kNow - 30;
    EXPECT_EQ(reason_for(payload), TokenErrorReason::expired);
    payload["exp"] = kNow - 3600;
    EXPECT_EQ(reason_for(payload), TokenErrorReason::expired);
}

TEST_F(JwtClaims, WithoutLeewayExpIsTheFirstInvalidSecond) {
    json payload = claims();
    payload["exp"] = kNow;
    EXPECT_EQ(reason_for(payload, 0s), TokenErrorReason::expired);
    payload["exp"] = kNow + 1;
    EXPECT_TRUE(accepts(payload, 0s));
}

TEST_F(JwtClaims, HonoursNotBefore) {
    json payload = claims();
    payload["nbf"] = kNow + 60;
    EXPECT_EQ(reason_for(payload), TokenErrorReason::not_yet_valid);
    payload["nbf"] = kNow + 20;
    EXPECT_TRUE(accepts(payload));
    EXPECT_EQ(reason_for(payload, 0s), TokenErrorReason::not_yet_valid);
    payload["nbf"] = "soon";
    EXPECT_EQ(reason_for(payload), TokenErrorReason::malformed);
}

TEST_F(JwtClaims, RefusesTokensIssuedInTheFuture) {
    json payload = claims();
    payload["iat"] = kNow + 120;
    EXPECT_EQ(reason_for(payload), TokenErrorReason::not_yet_valid);
    payload["iat"] = kNow + 30;
    EXPECT_TRUE(accepts(payload));
}

TEST_F(JwtClaims, RequiresOurIssuer) {
    json payload = claims();
    payload["iss"] = "someone-else";
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_issuer);
    payload["iss"] = json::array({"switchboard"});
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_issuer);
    payload.erase("iss");
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_issuer);
}

TEST_F(JwtClaims, RequiresOurAudienceAsStringOrArrayMember) {
    json payload = claims();
    payload["aud"] = "other";
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_audience);
    payload["aud"] = json::array({"other", "clients"});
    EXPECT_TRUE(accepts(payload));
    payload["aud"] = json::array({"other", "more"});
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_audience);
    payload["aud"] = json::array();
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_audience);
    payload.erase("aud");
    EXPECT_EQ(reason_for(payload), TokenErrorReason::wrong_audience);
}

TEST_F(JwtClaims, RequiresANonEmptyStringSubject) {
    json payload = claims();
    payload.erase("sub");
    EXPECT_EQ(reason_for(payload), TokenErrorReason::missing_subject);
    payload["sub"] = "";
    EXPECT_EQ(reason_for(payload), TokenErrorReason::missing_subject);
    payload["sub"] = 42;
    EXPECT_EQ(reason_for(payload), TokenErrorReason::missing_subject);
}

TEST_F(JwtClaims, ExternalSourcesCheckOnlyWhatTheyConfigure) {
    JwtVerifier loose = verifier();
    loose.add_external_secret(kExternalSecret, {});
    const json bare = {{"sub", "ext-1"}, {"exp", kNow + 60}};
    EXPECT_TRUE(loose.verify(JwtSigner(kExternalSecret).sign(bare)));
    // Our own source still insists on iss and aud.
    EXPECT_EQ(loose.verify(sign(bare)).error().reason, TokenErrorReason::wrong_issuer);

    JwtVerifier strict = verifier();
    strict.add_external_secret(kExternalSecret, ClaimExpectations{"https://idp.example", "switchboard-api"});
    EXPECT_EQ(strict.verify(JwtSigner(kExternalSecret).sign(bare)).error().reason, TokenErrorReason::wrong_issuer);
    json full = bare;
    full["iss"] = "https://idp.example";
    EXPECT_EQ(strict.verify(JwtSigner(kExternalSecret).sign(full)).error().reason, TokenErrorReason::wrong_audience);
    full["aud"] = json::array({"switchboard-api"});
    const VerifyResult result = strict.verify(JwtSigner(kExternalSecret).sign(full));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.token().source, "external");
    EXPECT_EQ(result.token().subject, "ext-1");
}

TEST_F(JwtClaims, ChecksTheSignatureBeforeAnyClaim) {
    json payload = claims();
    payload["exp"] = kNow - 3600;
    const VerifyResult result = verifier().verify(JwtSigner(kExternalSecret).sign(payload));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().reason, TokenErrorReason::bad_signature);
}

TEST_F(JwtClaims, RefusesANegativeLeewayOrNoClock) {
    EXPECT_THROW(JwtVerifier(-1s), std::invalid_argument);
    EXPECT_THROW(JwtVerifier(30s, nullptr), std::invalid_argument);
}

}  // namespace
}  // namespace switchboard::auth
