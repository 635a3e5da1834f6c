// push.webhook against the fake receiver: the signed JSON arrives and every
// answer maps to its outcome.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "fake_providers.hpp"
#include "plain_http_server.hpp"
#include "push_harness.hpp"

namespace switchboard::tests::push {
namespace {

class WebhookTest : public ::testing::Test {
protected:
    void SetUp() override {
        harness.host.set("url", fakes.base_url() + "/webhook");
        harness.host.set("secret", fakes.info()["webhook_secret"]);
        harness.host.set("ca_file", fakes.ca_file());
        harness.host.create_and_start();
    }
    void TearDown() override {
        harness.host.stop_and_destroy();
        EXPECT_EQ(fakes.errors(), nlohmann::json::array());
    }
    TestNotification notification() {
        TestNotification n;
        n.provider = "webhook";
        n.token = "integrator-device-7";
        return n;
    }

    FakeProviders fakes;
    PushHarness harness{SB_PUSH_WEBHOOK_PLUGIN};
};

TEST_F(WebhookTest, DeliversTheSignedNotification) {
    auto result = harness.send_and_wait(notification());
    EXPECT_EQ(result.outcome, SB_PUSH_DELIVERED);
    EXPECT_EQ(result.http_status, 200);
    auto received = fakes.received("webhook");
    ASSERT_EQ(received.size(), 1u);
    auto body = received[0]["body"];
    EXPECT_EQ(body["id"], "n-1");
    EXPECT_EQ(body["token"], "integrator-device-7");
    EXPECT_EQ(body["badge"], 1);
    EXPECT_EQ(body["category"], "message");
    EXPECT_EQ(body["data"]["event"], "message.new");
}

TEST_F(WebhookTest, EachAnswerHasItsOutcome) {
    fakes.script("webhook", {{{"status", 429}, {"retry_after", 3}},
                             {{"status", 503}},
                             {{"status", 410}, {"reason", "device removed"}},
                             {{"status", 400}, {"reason", "bad"}}});
    auto limited = harness.send_and_wait(notification());
    EXPECT_EQ(limited.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(limited.retry_after_ms, 3000);
    EXPECT_EQ(harness.send_and_wait(notification()).outcome, SB_PUSH_RETRY);
    auto gone = harness.send_and_wait(notification());
    EXPECT_EQ(gone.outcome, SB_PUSH_DEAD_TOKEN);
    EXPECT_EQ(gone.reason, "device removed");
    EXPECT_EQ(harness.send_and_wait(notification()).outcome, SB_PUSH_REJECTED);
    EXPECT_EQ(harness.send_and_wait(notification()).outcome, SB_PUSH_DELIVERED);
}

TEST_F(WebhookTest, AnUnreachableReceiverIsRetriedAndStopAnswersWhatIsQueued) {
    harness.host.stop_and_destroy();
    PushHarness offline(SB_PUSH_WEBHOOK_PLUGIN);
    offline.host.set("url", "https://127.0.0.1:1/webhook");
    offline.host.set("secret", "0123456789abcdef");
    offline.host.create_and_start();
    auto result = offline.send_and_wait(notification());
    EXPECT_EQ(result.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(result.http_status, 0);
    EXPECT_FALSE(result.reason.empty());
    offline.host.stop_and_destroy();
    EXPECT_EQ(offline.done_calls(), 1u);
}

// A request the receiver never answers is answered by its timeout: its
// stream is cancelled (RST_STREAM CANCEL, the only reset the client sends)
// and the connection carries the next requests.
TEST(WebhookTimeoutTest, AnUnansweredRequestTimesOutAndOnlyItsStreamIsCancelled) {
    FakeProviders fakes("--no-record");
    PushHarness harness(SB_PUSH_WEBHOOK_PLUGIN);
    harness.host.set("url", fakes.base_url() + "/webhook");
    harness.host.set("secret", fakes.info()["webhook_secret"]);
    harness.host.set("ca_file", fakes.ca_file());
    harness.host.set("timeout", "300ms");
    harness.host.set("client_threads", "1");
    harness.host.create_and_start();
    fakes.chaos("webhook", 2, "hang");
    int sessions_before = fakes.get("/control/stats")["http2"]["sessions"];
    TestNotification n;
    n.provider = "webhook";
    n.token = "integrator-device-7";
    EXPECT_EQ(harness.send_and_wait(n).outcome, SB_PUSH_DELIVERED);
    auto started = std::chrono::steady_clock::now();
    auto hung = harness.send_and_wait(n);
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
    EXPECT_EQ(hung.outcome, SB_PUSH_RETRY);
    EXPECT_EQ(hung.http_status, 0);
    EXPECT_NE(hung.reason.find("timeout"), std::string::npos) << hung.reason;
    EXPECT_EQ(harness.send_and_wait(n).outcome, SB_PUSH_DELIVERED);
    harness.host.stop_and_destroy();
    auto stats = fakes.get("/control/stats");
    EXPECT_EQ(stats["counts"]["webhook"], 3);
    EXPECT_EQ(stats["http2"]["stream_resets"], nlohmann::json({{"8", 1}})) << "one CANCEL, nothing else";
    EXPECT_EQ(stats["http2"]["sessions"].get<int>() - sessions_before - 1, 1) << "one connection for all three";
}

// Three notifications to integrator-device-7, each answered 200.
void deliver_three(PushHarness& harness) {
    TestNotification n;
    n.provider = "webhook";
    n.token = "integrator-device-7";
    for (int i = 0; i < 3; ++i) {
        auto result = harness.send_and_wait(n);
        EXPECT_EQ(result.outcome, SB_PUSH_DELIVERED) << result.reason;
        EXPECT_EQ(result.http_status, 200);
    }
}

// An integrator's endpoint over plain http:// is usually an HTTP/1.1 server:
// the webhook speaks HTTP/1.1 to it (HTTP/2 only over TLS, by ALPN).
TEST(WebhookPlainHttpTest, DeliversToAnHttp11ServerOverPlainHttp) {
    PlainHttpServer server;
    PushHarness harness(SB_PUSH_WEBHOOK_PLUGIN);
    harness.host.set("url", server.url("/hooks/switchboard"));
    harness.host.set("secret", "0123456789abcdef0123456789abcdef");
    harness.host.create_and_start();
    deliver_three(harness);
    harness.host.stop_and_destroy();
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& r : requests) {
        EXPECT_EQ(r.version, "HTTP/1.1");
        EXPECT_EQ(r.method, "POST");
        EXPECT_EQ(r.path, "/hooks/switchboard");
        EXPECT_EQ(r.headers.at("content-type"), "application/json");
        EXPECT_EQ(r.headers.at("x-switchboard-signature").rfind("v1=", 0), 0u);
        EXPECT_EQ(nlohmann::json::parse(r.body)["token"], "integrator-device-7");
    }
}

// An https:// endpoint whose server does not select h2 in ALPN gets
// HTTP/1.1; the client remembers it, so only its first request costs a TLS
// handshake that learns it.
TEST(WebhookPlainHttpTest, DeliversOverHttp11ToAnHttpsServerWithoutH2) {
    FakeProviders fakes("--no-record");  // for its key and certificate
    PlainHttpServer server(fakes.dir() + "/tls-key.pem", fakes.ca_file());
    PushHarness harness(SB_PUSH_WEBHOOK_PLUGIN);
    harness.host.set("url", server.url("/hooks/switchboard"));
    harness.host.set("secret", "0123456789abcdef0123456789abcdef");
    harness.host.set("ca_file", fakes.ca_file());
    harness.host.set("client_threads", "1");  // one client: one memory of the origin, one connection cache
    harness.host.create_and_start();
    deliver_three(harness);
    harness.host.stop_and_destroy();
    auto requests = server.requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& r : requests) EXPECT_EQ(r.version, "HTTP/1.1");
    // The handshake that found no h2, then one keep-alive connection.
    EXPECT_EQ(server.connections(), 2u);
}

TEST(WebhookConfigTest, RefusesAShortSecretAndANonHttpUrl) {
    PushHarness h(SB_PUSH_WEBHOOK_PLUGIN);
    h.host.set("url", "ftp://example.test/");
    h.host.set("secret", "0123456789abcdef");
    try {
        h.host.create();
        FAIL() << "an ftp:// URL was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "create failed: url 'ftp://example.test/' is not an http:// or https:// URL");
    }
    h.host.set("url", "https://example.test/");
    h.host.set("secret", "short");
    try {
        h.host.create();
        FAIL() << "a short secret was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "create failed: secret is 5 bytes long; use at least 16 (e.g. openssl rand -hex 32)");
    }
}

}  // namespace
}  // namespace switchboard::tests::push
