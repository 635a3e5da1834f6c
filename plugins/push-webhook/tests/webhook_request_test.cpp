#include "webhook_request.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace switchboard::plugins::push_webhook {
namespace {

sdk::Notification message() {
    sdk::Notification n;
    n.id = "n-1";
    n.user_id = "u_b";
    n.device_id = "d1";
    n.provider = "webhook";
    n.token = "device-token";
    n.category = SB_PUSH_MESSAGE;
    n.title = "Alice";
    n.body = "hi";
    n.conversation_id = "c_1";
    n.collapse_key = "c_1";
    n.badge = 3;
    n.data_json = R"({"seq":7})";
    n.created_at_ms = 1700000000000;
    return n;
}

std::string header(const sdk::push::HttpRequest& r, std::string_view name) {
    for (const auto& h : r.headers)
        if (h.rfind(std::string(name) + ": ", 0) == 0) return h.substr(name.size() + 2);
    return "";
}

TEST(WebhookRequest, PostsTheNotificationAsJsonSignedOverTimestampAndBody) {
    WebhookRequest builder("https://example.test/hook", "0123456789abcdef0123");
    auto request = builder.build(message(), 1700000123);
    EXPECT_EQ(request.url, "https://example.test/hook");
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(header(request, "X-Switchboard-Timestamp"), "1700000123");
    EXPECT_EQ(header(request, "X-Switchboard-Notification-Id"), "n-1");
    EXPECT_EQ(header(request, "X-Switchboard-Signature"),
              WebhookRequest::signature("0123456789abcdef0123", "1700000123", request.body));
    auto body = nlohmann::json::parse(request.body);
    EXPECT_EQ(body["category"], "message");
    EXPECT_EQ(body["badge"], 3);
    EXPECT_EQ(body["data"]["seq"], 7);
    EXPECT_EQ(body["title"], "Alice");
    EXPECT_EQ(body["priority"], "normal");
}

TEST(WebhookRequest, SignatureIsHexHmacSha256WithAVersionPrefix) {
    // As a receiver computes it: python3 -c 'import hmac,hashlib;
    //   print(hmac.new(b"Jefe", b"1700000000.{\"a\":1}", hashlib.sha256).hexdigest())'
    EXPECT_EQ(WebhookRequest::signature("Jefe", "1700000000", R"({"a":1})"),
              "v1=fa5f6481efc59da48b19c9dc10196c9953e5651f8304b3a318b6b87d70272e0a");
}

TEST(WebhookRequest, BadgeUnchangedIsNullAndMalformedDataIsAnEmptyObject) {
    auto n = message();
    n.badge = -1;
    n.data_json = "not json";
    auto body = nlohmann::json::parse(WebhookRequest("https://x.test/", "0123456789abcdef").build(n, 1).body);
    EXPECT_TRUE(body["badge"].is_null());
    EXPECT_EQ(body["data"], nlohmann::json::object());
}

}  // namespace
}  // namespace switchboard::plugins::push_webhook
