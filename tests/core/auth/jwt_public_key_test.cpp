#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "switchboard/auth/base64_url.hpp"
#include "switchboard/auth/jwt_verifier.hpp"
#include "temporary_directory.hpp"
#include "test_keys.hpp"

namespace switchboard::auth {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::int64_t kNow = 1'700'000'000;
const std::string kInternalSecret = "public-key-test-internal-0123456789abcdef";

class JwtPublicKey : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        rsa_ = testing::generate_rsa();
        other_rsa_ = testing::generate_rsa();
        ec_ = testing::generate_ec();
    }
    static void TearDownTestSuite() {
        rsa_.reset();
        other_rsa_.reset();
        ec_.reset();
    }

    static JwtVerifier verifier() {
        return JwtVerifier(30s, [] { return std::chrono::system_clock::time_point{std::chrono::seconds{kNow}}; });
    }

    static json claims() { return {{"sub", "ext-user"}, {"exp", kNow + 300}, {"iss", "idp"}, {"aud", "sb"}}; }

    std::filesystem::path write(const std::string& name, const std::string& content) const {
        const std::filesystem::path path = directory_.path() / name;
        std::ofstream(path) << content;
        return path;
    }

    static testing::Key rsa_;
    static testing::Key other_rsa_;
    static testing::Key ec_;
    testing::TemporaryDirectory directory_;
};

testing::Key JwtPublicKey::rsa_;
testing::Key JwtPublicKey::other_rsa_;
testing::Key JwtPublicKey::ec_;

TEST_F(JwtPublicKey, VerifiesRs256WithAPemFile) {
    JwtVerifier v = verifier();
    v.add_external_pem_file(write("rsa.pem", testing::public_pem(rsa_)), ClaimExpectations{"idp", "sb"});
    const VerifyResult result = v.verify(testing::sign_token(rsa_, claims()));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.token().subject, "ext-user");
    EXPECT_EQ(result.token().source, "external");
    EXPECT_EQ(result.token().expires_at, kNow + 300);
}

TEST_F(JwtPublicKey, VerifiesEs256WithAPemFile) {
    JwtVerifier v = verifier();
    v.add_external_pem_file(write("ec.pem", testing::public_pem(ec_)), ClaimExpectations{"idp", "sb"});
    const VerifyResult result = v.verify(testing::sign_token(ec_, claims()));
    ASSERT_TRUE(result.ok()) << result.error().message;
    EXPECT_EQ(result.token().subject, "ext-user");
}

TEST_F(JwtPublicKey, ReadsPkcs1RsaKeysAndCertificates) {
    JwtVerifier pkcs1 = verifier();
    pkcs1.add_external_pem(testing::rsa_pkcs1_pem(rsa_), {});
    EXPECT_TRUE(pkcs1.verify(testing::sign_token(rsa_, claims())));

    JwtVerifier certificate = verifier();
    certificate.add_external_pem(testing::self_signed_certificate_pem(ec_), {});
    EXPECT_TRUE(certificate.verify(testing::sign_token(ec_, claims())));
}

TEST_F(JwtPublicKey, RefusesSignaturesFromAnotherKey) {
    JwtVerifier v = verifier();
    v.add_external_pem(testing::public_pem(rsa_), {});
    EXPECT_EQ(v.verify(testing::sign_token(other_rsa_, claims())).error().reason, TokenErrorReason::bad_signature);
}

TEST_F(JwtPublicKey, RefusesTamperedRs256AndEs256Tokens) {
    JwtVerifier v = verifier();
    v.add_external_pem(testing::public_pem(rsa_), {});
    v.add_external_pem(testing::public_pem(ec_), {});
    for (const testing::Key& key : {rsa_, ec_}) {
        const std::string token = testing::sign_token(key, claims());
        json forged = claims();
        forged["sub"] = "admin";
        const std::size_t first = token.find('.');
        const std::size_t second = token.find('.', first + 1);
        const std::string tampered =
            token.substr(0, first + 1) + Base64Url::encode(forged.dump()) + token.substr(second);
        EXPECT_EQ(v.verify(tampered).error().reason, TokenErrorReason::bad_signature);
    }
}

TEST_F(JwtPublicKey, Es256NeedsTheJoseSignatureFormNotDer) {
    JwtVerifier v = verifier();
    v.add_external_pem(testing::public_pem(ec_), {});
    const std::string input = testing::signing_input({{"alg", "ES256"}}, claims());
    const std::string der = testing::der_signature(ec_, input);
    EXPECT_EQ(v.verify(input + "." + Base64Url::encode(der)).error().reason, TokenErrorReason::bad_signature);
    EXPECT_TRUE(v.verify(input + "." + Base64Url::encode(testing::der_to_jose(der))));
}

TEST_F(JwtPublicKey, AlgorithmMustMatchTheKeyType) {
    JwtVerifier v = verifier();
    v.add_external_pem(testing::public_pem(rsa_), {});
    v.add_external_pem(testing::public_pem(ec_), {});
    // An RSA signature labelled ES256 and an EC signature labelled RS256.
    EXPECT_EQ(v.verify(testing::sign_token(rsa_, claims(), {{"alg", "ES256"}})).error().reason,
              TokenErrorReason::bad_signature);
    EXPECT_EQ(v.verify(testing::sign_token(ec_, claims(), {{"alg", "RS256"}})).error().reason,
              TokenErrorReason::bad_signature);

    JwtVerifier rsa_only = verifier();
    rsa_only.add_external_pem(testing::public_pem(rsa_), {});
    EXPECT_EQ(rsa_only.verify(testing::sign_token(ec_, claims())).error().reason, TokenErrorReason::key_not_found);
}

TEST_F(JwtPublicKey, RefusesHs256SignedWithThePublicKeyText) {
    // The classic confusion attack: the public key is public, so an attacker can
    // HMAC with its PEM text. It must never be used as an HMAC secret.
    const std::string pem = testing::public_pem(rsa_);
    const std::string forged = testing::hs256_token(pem, claims());

    JwtVerifier pem_only = verifier();
    pem_only.add_external_pem(pem, {});
    EXPECT_EQ(pem_only.verify(forged).error().reason, TokenErrorReason::key_not_found);

    JwtVerifier with_secret = verifier();
    with_secret.add_internal_secret(kInternalSecret, "idp", "sb");
    with_secret.add_external_pem(pem, {});
    EXPECT_EQ(with_secret.verify(forged).error().reason, TokenErrorReason::bad_signature);

    const std::string jwks = json{{"keys", json::array({testing::jwk(rsa_, "k1")})}}.dump();
    JwtVerifier jwks_only = verifier();
    jwks_only.add_external_jwks(jwks, {});
    EXPECT_EQ(jwks_only.verify(testing::hs256_token(jwks, claims(), {{"alg", "HS256"}, {"kid", "k1"}})).error().reason,
              TokenErrorReason::key_not_found);
}

TEST_F(JwtPublicKey, SelectsJwksKeysByKid) {
    const json jwks = {{"keys", json::array({testing::jwk(rsa_, "rsa-1"), testing::jwk(other_rsa_, "rsa-2"),
                                             testing::jwk(ec_, "ec-1")})}};
    JwtVerifier v = verifier();
    v.add_external_jwks_file(write("jwks.json", jwks.dump()), ClaimExpectations{"idp", "sb"});

    const VerifyResult second = v.verify(testing::sign_token(other_rsa_, claims(), {{"kid", "rsa-2"}}));
    ASSERT_TRUE(second.ok()) << second.error().message;
    EXPECT_EQ(second.token().source, "external");
    EXPECT_TRUE(v.verify(testing::sign_token(rsa_, claims(), {{"kid", "rsa-1"}})));
    EXPECT_TRUE(v.verify(testing::sign_token(ec_, claims(), {{"kid", "ec-1"}})));

    // The kid names the key: a valid signature by a different key of the set does not pass.
    EXPECT_EQ(v.verify(testing::sign_token(rsa_, claims(), {{"kid", "rsa-2"}})).error().reason,
              TokenErrorReason::bad_signature);
    EXPECT_EQ(v.verify(testing::sign_token(rsa_, claims(), {{"kid", "rsa-9"}})).error().reason,
              TokenErrorReason::key_not_found);
    EXPECT_EQ(v.verify(testing::sign_token(rsa_, claims(), {{"kid", 7}})).error().reason,
              TokenErrorReason::malformed);
    // Without a kid every key of the token's algorithm is a candidate.
    EXPECT_TRUE(v.verify(testing::sign_token(other_rsa_, claims())));
}

TEST_F(JwtPublicKey, JwksSkipsKeysItCannotUseAndRequiresOne) {
    json encryption = testing::jwk(other_rsa_, "enc-1");
    encryption["use"] = "enc";
    const json okp = {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
    const json p384 = {{"kty", "EC"},
                       {"crv", "P-384"},
                       {"kid", "p384"},
                       {"x", Base64Url::encode(std::string(48, 'x'))},
                       {"y", Base64Url::encode(std::string(48, 'y'))}};
    json rs512 = testing::jwk(rsa_, "rs512");
    rs512["alg"] = "RS512";

    JwtVerifier v = verifier();
    v.add_external_jwks(json{{"keys", json::array({encryption, okp, p384, rs512, testing::jwk(ec_, "ec-1")})}}.dump(),
                        {});
    EXPECT_TRUE(v.verify(testing::sign_token(ec_, claims(), {{"kid", "ec-1"}})));
    EXPECT_EQ(v.verify(testing::sign_token(other_rsa_, claims(), {{"kid", "enc-1"}})).error().reason,
              TokenErrorReason::key_not_found);

    EXPECT_THROW(verifier().add_external_jwks(json{{"keys", json::array({okp, encryption})}}.dump(), {}),
                 std::invalid_argument);
}

TEST_F(JwtPublicKey, JwksRefusesBrokenInput) {
    JwtVerifier v = verifier();
    EXPECT_THROW(v.add_external_jwks("not json", {}), std::invalid_argument);
    EXPECT_THROW(v.add_external_jwks(R"({"keys": {}})", {}), std::invalid_argument);
    EXPECT_THROW(v.add_external_jwks(R"({"keys": [42]})", {}), std::invalid_argument);

    json missing_n = testing::jwk(rsa_, "r");
    missing_n.erase("n");
    EXPECT_THROW(v.add_external_jwks(json{{"keys", json::array({missing_n})}}.dump(), {}), std::invalid_argument);

    json off_curve = testing::jwk(ec_, "e");
    std::string y = *Base64Url::decode(off_curve["y"].get<std::string>());
    y[31] = static_cast<char>(y[31] ^ 0x01);
    off_curve["y"] = Base64Url::encode(y);
    EXPECT_THROW(v.add_external_jwks(json{{"keys", json::array({off_curve})}}.dump(), {}), std::invalid_argument);

    json short_x = testing::jwk(ec_, "e");
    short_x["x"] = Base64Url::encode(std::string(31, 'x'));
    EXPECT_THROW(v.add_external_jwks(json{{"keys", json::array({short_x})}}.dump(), {}), std::invalid_argument);

    json mislabelled = testing::jwk(ec_, "e");
    mislabelled["alg"] = "RS256";
    EXPECT_THROW(v.add_external_jwks(json{{"keys", json::array({mislabelled})}}.dump(), {}), std::invalid_argument);

    json weak = testing::jwk(testing::generate_rsa(1024), "weak");
    EXPECT_THROW(v.add_external_jwks(json{{"keys", json::array({weak})}}.dump(), {}), std::invalid_argument);

    EXPECT_THROW(v.add_external_jwks_file(directory_.path() / "absent.json", {}), std::runtime_error);
}

TEST_F(JwtPublicKey, PemRefusesKeysItCannotUse) {
    JwtVerifier v = verifier();
    EXPECT_THROW(v.add_external_pem(testing::private_pem(ec_), {}), std::invalid_argument);
    EXPECT_THROW(v.add_external_pem(testing::public_pem(testing::generate_ec("P-384")), {}), std::invalid_argument);
    EXPECT_THROW(v.add_external_pem(testing::public_pem(testing::generate_rsa(1024)), {}), std::invalid_argument);
    EXPECT_THROW(v.add_external_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", {}),
                 std::invalid_argument);
    EXPECT_THROW(v.add_external_pem("", {}), std::invalid_argument);
    EXPECT_THROW(v.add_external_pem_file(directory_.path() / "absent.pem", {}), std::runtime_error);
}

TEST_F(JwtPublicKey, ExternalExpectationsApply) {
    JwtVerifier v = verifier();
    v.add_external_pem(testing::public_pem(ec_), ClaimExpectations{"idp", "sb"});
    json payload = claims();
    payload["iss"] = "rogue";
    EXPECT_EQ(v.verify(testing::sign_token(ec_, payload)).error().reason, TokenErrorReason::wrong_issuer);
    payload = claims();
    payload["aud"] = json::array({"a", "b"});
    EXPECT_EQ(v.verify(testing::sign_token(ec_, payload)).error().reason, TokenErrorReason::wrong_audience);
    payload = claims();
    payload["exp"] = kNow - 60;
    EXPECT_EQ(v.verify(testing::sign_token(ec_, payload)).error().reason, TokenErrorReason::expired);
}

TEST_F(JwtPublicKey, VerifiesFromManyThreadsAtOnce) {
    JwtVerifier v = verifier();
    v.add_internal_secret(kInternalSecret, "idp", "sb");
    v.add_external_pem(testing::public_pem(rsa_), {});
    v.add_external_pem(testing::public_pem(ec_), {});
    const std::vector<std::string> tokens = {testing::sign_token(rsa_, claims()), testing::sign_token(ec_, claims()),
                                             testing::hs256_token(kInternalSecret, claims())};
    std::vector<int> failures(4, 0);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < failures.size(); ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                if (!v.verify(tokens[static_cast<std::size_t>(i) % tokens.size()])) {
                    ++failures[t];
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(failures, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace switchboard::auth
