#include <gtest/gtest.h>

#include <string>

#include "switchboard/auth/base64_url.hpp"
#include "switchboard/auth/hmac_sha256.hpp"
#include "switchboard/auth/jwt_signer.hpp"
#include "switchboard/auth/jwt_verifier.hpp"
#include "test_keys.hpp"

namespace switchboard::auth {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kSecret = "0123456789abcdef0123456789abcdef-internal";
const std::string kOtherSecret = "0123456789abcdef0123456789abcdef-external";

JwtVerifier::Clock fixed_clock() {
    return [] { return std::chrono::system_clock::time_point{std::chrono::seconds{kNow}}; };
}

json our_claims() {
    return {{"sub", "user-42"}, {"iat", kNow},          {"exp", kNow + 900}, {"iss", "switchboard"},
            {"aud", "clients"}, {"jti", "token-1"},    {"device", "phone"}};
}

JwtVerifier internal_verifier() {
    JwtVerifier verifier(30s, fixed_clock());
    verifier.add_internal_secret(kSecret, "switchboard", "clients");
    return verifier;
}

// Replaces one of the three segments of a token.
std::string with_segment(const std::string& token, int index, const std::string& replacement) {
    const std::size_t first = token.find('.');
    const std::size_t second = token.find('.', first + 1);
    const std::string parts[3] = {token.substr(0, first), token.substr(first + 1, second - first - 1),
                                  token.substr(second + 1)};
    std::string result;
    for (int i = 0; i < 3; ++i) {
        result += (i == index ? replacement : parts[i]);
        if (i < 2) {
            result += '.';
        }
    }
    return result;
}

TEST(JwtSigner, WritesTheFixedHeader) {
    const std::string token = JwtSigner(kSecret).sign(our_claims());
    const std::string header = token.substr(0, token.find('.'));
    EXPECT_EQ(Base64Url::decode(header), R"({"alg":"HS256","typ":"JWT"})");
}

TEST(JwtSigner, RefusesShortSecretsAndNonObjectClaims) {
    EXPECT_THROW(JwtSigner("too short"), std::invalid_argument);
    EXPECT_THROW(JwtSigner(kSecret).sign(json::array()), std::invalid_argument);
}

TEST(JwtHs256, RoundTripsOurTokens) {
    const JwtVerifier verifier = internal_verifier();
    const VerifyResult result = verifier.verify(JwtSigner(kSecret).sign(our_claims()));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.token().subject, "user-42");
    EXPECT_EQ(result.token().expires_at, kNow + 900);
    EXPECT_EQ(result.token().source, "internal");
    EXPECT_EQ(result.token().claims["device"], "phone");
    EXPECT_EQ(result.token().claims["jti"], "token-1");
}

TEST(JwtHs256, AcceptsEveryConfiguredInternalSecretDuringRotation) {
    JwtVerifier verifier = internal_verifier();
    verifier.add_internal_secret(kOtherSecret, "switchboard", "clients");
    EXPECT_TRUE(verifier.verify(JwtSigner(kSecret).sign(our_claims())));
    EXPECT_TRUE(verifier.verify(JwtSigner(kOtherSecret).sign(our_claims())));
}

TEST(JwtHs256, TellsExternalTokensApart) {
    JwtVerifier verifier = internal_verifier();
    verifier.add_external_secret(kOtherSecret, {});
    const VerifyResult result = verifier.verify(JwtSigner(kOtherSecret).sign({{"sub", "7"}, {"exp", kNow + 60}}));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.token().source, "external");
}

TEST(JwtHs256, RefusesShortExternalSecrets) {
    JwtVerifier verifier(30s, fixed_clock());
    EXPECT_THROW(verifier.add_external_secret("short", {}), std::invalid_argument);
    EXPECT_THROW(verifier.add_internal_secret(kSecret, "", "clients"), std::invalid_argument);
}

TEST(JwtHs256, RefusesATamperedPayload) {
    const std::string token = JwtSigner(kSecret).sign(our_claims());
    json claims = our_claims();
    claims["sub"] = "admin";
    const VerifyResult result = internal_verifier().verify(with_segment(token, 1, Base64Url::encode(claims.dump())));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().reason, TokenErrorReason::bad_signature);
}

TEST(JwtHs256, RefusesATamperedSignature) {
    const std::string token = JwtSigner(kSecret).sign(our_claims());
    std::string signature = *Base64Url::decode(token.substr(token.rfind('.') + 1));
    signature[0] = static_cast<char>(signature[0] ^ 0x01);
    const JwtVerifier verifier = internal_verifier();
    EXPECT_EQ(verifier.verify(with_segment(token, 2, Base64Url::encode(signature))).error().reason,
              TokenErrorReason::bad_signature);
    EXPECT_EQ(verifier.verify(with_segment(token, 2, Base64Url::encode(signature.substr(0, 16)))).error().reason,
              TokenErrorReason::bad_signature);
    EXPECT_EQ(verifier.verify(with_segment(token, 2, "")).error().reason, TokenErrorReason::bad_signature);
}

TEST(JwtHs256, RefusesATokenSignedWithAnotherSecret) {
    const VerifyResult result = internal_verifier().verify(JwtSigner(kOtherSecret).sign(our_claims()));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().reason, TokenErrorReason::bad_signature);
}

TEST(JwtHs256, RefusesAlgNoneWithAndWithoutASignatureSegment) {
    const std::string payload = Base64Url::encode(our_claims().dump());
    const JwtVerifier verifier = internal_verifier();
    for (const char* alg : {"none", "None", "NONE"}) {
        const std::string header = Base64Url::encode(json{{"alg", alg}, {"typ", "JWT"}}.dump());
        EXPECT_EQ(verifier.verify(header + "." + payload + ".").error().reason, TokenErrorReason::alg_none) << alg;
        EXPECT_EQ(verifier.verify(header + "." + payload).error().reason, TokenErrorReason::alg_none) << alg;
        // A signature does not make "none" acceptable either.
        const std::string signed_none = testing::hs256_token(kSecret, our_claims(), {{"alg", alg}});
        EXPECT_EQ(verifier.verify(signed_none).error().reason, TokenErrorReason::alg_none) << alg;
    }
}

TEST(JwtHs256, RefusesUnsupportedAlgorithms) {
    const JwtVerifier verifier = internal_verifier();
    for (const char* alg : {"HS512", "hs256", "PS256", "EdDSA"}) {
        const std::string token = testing::hs256_token(kSecret, our_claims(), {{"alg", alg}});
        EXPECT_EQ(verifier.verify(token).error().reason, TokenErrorReason::unsupported_alg) << alg;
    }
}

TEST(JwtHs256, RefusesAnRs256TokenWhenOnlyHmacSecretsAreConfigured) {
    const testing::Key rsa = testing::generate_rsa();
    const VerifyResult result = internal_verifier().verify(testing::sign_token(rsa, our_claims()));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().reason, TokenErrorReason::key_not_found);
}

TEST(JwtHs256, RefusesCriticalHeaderExtensions) {
    const std::string token =
        testing::hs256_token(kSecret, our_claims(), {{"alg", "HS256"}, {"crit", json::array({"exp"})}});
    EXPECT_EQ(internal_verifier().verify(token).error().reason, TokenErrorReason::malformed);
}

TEST(JwtMalformed, RefusesWrongSegmentCounts) {
    const JwtVerifier verifier = internal_verifier();
    const std::string token = JwtSigner(kSecret).sign(our_claims());
    EXPECT_EQ(verifier.verify("").error().reason, TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify("abc").error().reason, TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(token + ".extra").error().reason, TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(token.substr(0, token.rfind('.'))).error().reason, TokenErrorReason::malformed);
}

TEST(JwtMalformed, RefusesBadBase64InAnySegment) {
    const JwtVerifier verifier = internal_verifier();
    const std::string token = JwtSigner(kSecret).sign(our_claims());
    const std::string header = token.substr(0, token.find('.'));
    EXPECT_EQ(verifier.verify(with_segment(token, 0, header + "==")).error().reason, TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(with_segment(token, 0, "e30+")).error().reason, TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(with_segment(token, 1, "eyJ$")).error().reason, TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(with_segment(token, 2, "a/b")).error().reason, TokenErrorReason::malformed);
}

TEST(JwtMalformed, RefusesSegmentsThatAreNotJsonObjects) {
    const JwtVerifier verifier = internal_verifier();
    const std::string token = JwtSigner(kSecret).sign(our_claims());
    EXPECT_EQ(verifier.verify(with_segment(token, 0, Base64Url::encode("{\"alg\":"))).error().reason,
              TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(with_segment(token, 0, Base64Url::encode("[\"HS256\"]"))).error().reason,
              TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(with_segment(token, 0, Base64Url::encode(R"({"alg":256})"))).error().reason,
              TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(testing::hs256_token(kSecret, json::array({1, 2}))).error().reason,
              TokenErrorReason::malformed);
    EXPECT_EQ(verifier.verify(with_segment(token, 1, Base64Url::encode("not json"))).error().reason,
              TokenErrorReason::malformed);
    const std::string deep = R"({"alg":"HS256","x":)" + std::string(40, '[') + std::string(40, ']') + "}";
    EXPECT_EQ(verifier.verify(with_segment(token, 0, Base64Url::encode(deep))).error().reason,
              TokenErrorReason::malformed);
}

TEST(JwtMalformed, RefusesOversizedTokens) {
    json claims = our_claims();
    claims["padding"] = std::string(JwtVerifier::kMaxTokenBytes, 'x');
    const VerifyResult result = internal_verifier().verify(JwtSigner(kSecret).sign(claims));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().reason, TokenErrorReason::malformed);
}

TEST(JwtMalformed, SurvivesDeeplyNestedClaims) {
    const std::string nested = R"({"sub":"u","exp":1700000900,"x":)" + std::string(5000, '[') + std::string(5000, ']') + "}";
    const std::string header = Base64Url::encode(R"({"alg":"HS256"})");
    const std::string input = header + "." + Base64Url::encode(nested);
    const VerifyResult result =
        internal_verifier().verify(input + "." + Base64Url::encode(HmacSha256::digest(kSecret, input)));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().reason, TokenErrorReason::malformed) << "refused before it is parsed or copied";
}

TEST(TokenErrorReason, HasSnakeCaseNames) {
    EXPECT_EQ(to_string(TokenErrorReason::bad_signature), "bad_signature");
    EXPECT_EQ(to_string(TokenErrorReason::missing_subject), "missing_subject");
    EXPECT_EQ(to_string(TokenErrorReason::alg_none), "alg_none");
}

}  // namespace
}  // namespace switchboard::auth
