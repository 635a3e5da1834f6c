#include "payload_encryption.hpp"

#include <gtest/gtest.h>

#include "switchboard/sdk/push/base64_url.hpp"

namespace switchboard::plugins::push_webpush {
namespace {

using sdk::push::Base64Url;

std::string b64(const char* text) { return *Base64Url::decode(text); }

// RFC 8291 section 5: the example's keys, salt and result.
TEST(PayloadEncryption, MatchesTheRfc8291Example) {
    std::string body = PayloadEncryption::encrypt_with(
        "When I grow up, I want to be a watermelon",
        b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"),
        b64("BTBZMqHH6r4Tts7J_aSIgg"),
        sdk::push::AsymmetricKey::p256_from_scalar(b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")),
        b64("DGv6ra1nlYgDCS1FRnbzlw"));
    EXPECT_EQ(Base64Url::encode(body),
              "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqK"
              "K6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");
}

TEST(PayloadEncryption, RefusesWhatOneRecordCannotCarryAndBadKeys) {
    std::string ua = b64("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
    std::string auth = b64("BTBZMqHH6r4Tts7J_aSIgg");
    EXPECT_EQ(PayloadEncryption::encrypt(std::string(PayloadEncryption::kMaxPlaintext, 'x'), ua, auth).size(), 4096u + 86);
    EXPECT_THROW(PayloadEncryption::encrypt(std::string(PayloadEncryption::kMaxPlaintext + 1, 'x'), ua, auth),
                 std::invalid_argument);
    EXPECT_THROW(PayloadEncryption::encrypt("x", ua, "short"), std::invalid_argument);
    std::string off_curve = ua;
    off_curve[10] ^= 1;
    EXPECT_ANY_THROW(PayloadEncryption::encrypt("x", off_curve, auth));
}

}  // namespace
}  // namespace switchboard::plugins::push_webpush
