#include "webpush_request.hpp"

#include <gtest/gtest.h>

namespace switchboard::plugins::push_webpush {
namespace {

TEST(WebPushRequest, TopicIsTheCollapseKeyOrADigestOfIt) {
    EXPECT_EQ(WebPushRequest::topic("c_123-abc"), "c_123-abc");
    EXPECT_EQ(WebPushRequest::topic(""), "");
    std::string digest = WebPushRequest::topic("conversation:with:colons");
    EXPECT_EQ(digest.size(), 32u);
    EXPECT_EQ(digest, WebPushRequest::topic("conversation:with:colons"));
    EXPECT_EQ(digest.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
}

TEST(WebPushRequest, RefusesAnEndpointThatIsNotAUrlAndMissingKeys) {
    auto keys = VapidKeys::generate();
    VapidSigner signer(keys, "mailto:ops@example.com");
    WebPushRequest builder(signer, std::chrono::seconds(60));
    sdk::Notification n;
    n.token = "not a url";
    n.device_extra_json = R"({"keys":{"p256dh":"x","auth":"y"}})";
    auto built = builder.build(n);
    ASSERT_TRUE(std::holds_alternative<sdk::push::PushOutcome>(built));
    EXPECT_EQ(std::get<sdk::push::PushOutcome>(built).outcome, SB_PUSH_REJECTED);
    n.token = "https://push.example.net/send/abc";
    built = builder.build(n);
    ASSERT_TRUE(std::holds_alternative<sdk::push::PushOutcome>(built));
    EXPECT_EQ(std::get<sdk::push::PushOutcome>(built).reason, "subscription has no valid keys.p256dh and keys.auth");
}

}  // namespace
}  // namespace switchboard::plugins::push_webpush
