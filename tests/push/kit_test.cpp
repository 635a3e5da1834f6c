// The SDK's push kit on its own: base64url, Retry-After, JWT signatures
// (checked with OpenSSL), the HTTP/2 client's queue bound, stop and
// failures without a server, and how its pool shares out its limits.
#include <gtest/gtest.h>

#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <future>
#include <string>

#include "switchboard/sdk/push/asymmetric_key.hpp"
#include "switchboard/sdk/push/base64_url.hpp"
#include "switchboard/sdk/push/http2_client.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"
#include "switchboard/sdk/push/http_url.hpp"
#include "switchboard/sdk/push/jwt_signer.hpp"
#include "switchboard/sdk/push/retry_after.hpp"

namespace switchboard::sdk::push {
namespace {

TEST(Base64Url, RoundTripsAndToleratesPadding) {
    EXPECT_EQ(Base64Url::encode("\xfb\xff"), "-_8");
    EXPECT_EQ(*Base64Url::decode("-_8"), "\xfb\xff");
    EXPECT_EQ(*Base64Url::decode("-_8="), "\xfb\xff");
    EXPECT_FALSE(Base64Url::decode("a+b/").has_value());
    EXPECT_FALSE(Base64Url::decode("abcde").has_value());
}

TEST(RetryAfter, ReadsSecondsAndHttpDates) {
    auto now = std::chrono::system_clock::from_time_t(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT
    EXPECT_EQ(RetryAfter::parse_ms("120", now), 120000);
    EXPECT_EQ(RetryAfter::parse_ms(" 3 ", now), 3000);
    EXPECT_EQ(RetryAfter::parse_ms("Wed, 21 Oct 2015 07:28:30 GMT", now), 30000);
    EXPECT_EQ(RetryAfter::parse_ms("Wed, 21 Oct 2015 07:27:00 GMT", now), 0);
    EXPECT_EQ(RetryAfter::parse_ms("soon", now), 0);
    EXPECT_EQ(RetryAfter::parse_ms("", now), 0);
    EXPECT_EQ(RetryAfter::parse_ms("999999999", now), 86'400'000);
}

// ES256 signatures are raw r || s; OpenSSL verifies DER, so convert back.
TEST(JwtSigner, Es256SignatureVerifiesWithThePublicKey) {
    auto key = AsymmetricKey::generate_p256();
    JwtSigner signer(key, JwtSigner::Algorithm::ES256);
    std::string jwt = signer.sign(R"({"alg":"ES256"})", R"({"iss":"t"})");
    std::string input = jwt.substr(0, jwt.rfind('.'));
    std::string raw = *Base64Url::decode(jwt.substr(jwt.rfind('.') + 1));
    ASSERT_EQ(raw.size(), 64u);
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr),
                   BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr));
    unsigned char* der = nullptr;
    int der_len = i2d_ECDSA_SIG(sig, &der);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    auto public_only = AsymmetricKey::p256_from_point(key.p256_point());
    ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, public_only.get()), 1);
    EXPECT_EQ(EVP_DigestVerify(ctx, der, static_cast<size_t>(der_len),
                               reinterpret_cast<const unsigned char*>(input.data()), input.size()),
              1);
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
    EXPECT_THROW(JwtSigner(key, JwtSigner::Algorithm::RS256), std::invalid_argument);
}

TEST(HttpUrl, SplitsOriginAndPathAndRefusesWhatIsNotAnAbsoluteHttpUrl) {
    auto apns = HttpUrl::parse("https://api.push.apple.com/3/device/abc?x=1#frag");
    ASSERT_TRUE(apns);
    EXPECT_TRUE(apns->tls);
    EXPECT_EQ(apns->host, "api.push.apple.com");
    EXPECT_EQ(apns->port, 443);
    EXPECT_EQ(apns->authority, "api.push.apple.com");
    EXPECT_EQ(apns->path, "/3/device/abc?x=1");
    EXPECT_EQ(apns->origin(), "api.push.apple.com:443");
    auto local = HttpUrl::parse("http://[::1]:8080");
    ASSERT_TRUE(local);
    EXPECT_FALSE(local->tls);
    EXPECT_EQ(local->host, "::1");
    EXPECT_EQ(local->port, 8080);
    EXPECT_EQ(local->authority, "[::1]:8080");
    EXPECT_EQ(local->path, "/");
    for (const char* bad : {"ftp://example.test/", "https://", "https://:443/", "https://host:0/", "https://host:65536/",
                            "https://host:8x/", "https://user@host/", "https://[::1/", "example.test/path",
                            "https://host/a b", "https://host/x\r\nInjected: 1", "https://ho\tst/", "https://host/\x7f"})
        EXPECT_FALSE(HttpUrl::parse(bad)) << bad;
}

// The answer of a client with default options to one request for `url`.
HttpResponse answer_to(const std::string& url) {
    Http2Client client(Http2Client::Options{});
    client.start();
    std::promise<HttpResponse> answered;
    HttpRequest r;
    r.url = url;
    if (client.submit(r, [&](HttpResponse&& response) { answered.set_value(std::move(response)); }) !=
        Http2Client::Admission::queued) {
        ADD_FAILURE() << "not queued: " << url;
        return HttpResponse{};
    }
    HttpResponse response = answered.get_future().get();
    client.stop();
    return response;
}

TEST(Http2Client, AnswersABadUrlWithoutSendingIt) {
    HttpResponse response = answer_to("ftp://example.test/");
    EXPECT_EQ(response.status, 0);
    EXPECT_EQ(response.error, "not an http:// or https:// URL: ftp://example.test/");
}

TEST(Http2Client, RefusesBeyondItsQueueAndAnswersEverythingAtStop) {
    Http2Client::Options options;
    options.max_queued = 2;
    Http2Client client(options);  // not started: requests wait in the queue
    std::atomic<int> stopped{0};
    auto request = [] {
        HttpRequest r;
        r.url = "http://127.0.0.1:1/";
        return r;
    };
    auto count_stopped = [&](HttpResponse&& r) { stopped += r.status == 0 && r.error == "stopped"; };
    EXPECT_EQ(client.submit(request(), count_stopped), Http2Client::Admission::queued);
    EXPECT_EQ(client.submit(request(), count_stopped), Http2Client::Admission::queued);
    EXPECT_EQ(client.submit(request(), count_stopped), Http2Client::Admission::queue_full);
    bool task_ran = false;
    client.post(std::chrono::hours(1), [&] { task_ran = true; });
    client.stop();
    EXPECT_EQ(stopped.load(), 2);
    EXPECT_TRUE(task_ran);
    EXPECT_EQ(client.submit(request(), count_stopped), Http2Client::Admission::stopped);
}

TEST(Http2ClientPool, SharesOutItsLimitsRoundedUp) {
    Http2Client::Options total;
    total.max_queued = 10'000;
    total.max_in_flight = 1'000;
    total.max_connections = 4;
    total.max_streams_per_connection = 250;
    auto each = Http2ClientPool::per_thread(total, 3);
    EXPECT_EQ(each.max_queued, 3'334u);
    EXPECT_EQ(each.max_in_flight, 334u);
    EXPECT_EQ(each.max_connections, 2);
    EXPECT_EQ(each.max_streams_per_connection, 250);  // per connection: not shared
    total.max_connections = 1;
    EXPECT_EQ(Http2ClientPool::per_thread(total, 2).max_connections, 1);  // never 0
}

TEST(Http2ClientPool, FillsEveryThreadsQueueBeforeRefusingAndAnswersEachAtStop) {
    Http2ClientPool::Options options;
    options.client.max_queued = 4;
    options.threads = 2;
    Http2ClientPool pool(options);  // not started: requests wait in the queues, two per thread
    ASSERT_EQ(pool.threads(), 2u);
    std::atomic<int> stopped{0};
    auto request = [] {
        HttpRequest r;
        r.url = "http://127.0.0.1:1/";
        return r;
    };
    auto count_stopped = [&](HttpResponse&& r) { stopped += r.status == 0 && r.error == "stopped"; };
    for (int i = 0; i < 4; ++i) EXPECT_EQ(pool.submit(request(), count_stopped), Http2Client::Admission::queued);
    EXPECT_EQ(pool.queued(), 4u);
    EXPECT_EQ(pool.submit(request(), count_stopped), Http2Client::Admission::queue_full);
    bool task_ran = false;
    pool.post(std::chrono::hours(1), [&] { task_ran = true; });
    pool.stop();
    EXPECT_EQ(stopped.load(), 4);
    EXPECT_TRUE(task_ran);
    EXPECT_EQ(pool.submit(request(), count_stopped), Http2Client::Admission::stopped);
}

TEST(Http2Client, AConnectionRefusedIsAnAnswerWithoutStatus) {
    HttpResponse response = answer_to("https://127.0.0.1:1/");
    EXPECT_EQ(response.status, 0);
    EXPECT_FALSE(response.error.empty());
}

// A server that accepts connections and never answers: over plain http://
// (HTTP/1.1) each request's timeout (curl's timer, driven by the client's
// epoll loop) answers it; over https:// the connect timeout, which covers
// the TLS handshake, answers every request waiting for the connection.
TEST(Http2Client, ASilentServerIsAnsweredByTheRequestTimeout) {
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), length), 0);
    ASSERT_EQ(listen(listener, 16), 0);
    ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
    Http2Client client(Http2Client::Options{});
    client.start();
    constexpr int kRequests = 20;
    std::atomic<int> timed_out{0}, answered{0};
    std::promise<void> all;
    auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < kRequests; ++i) {
        HttpRequest r;
        r.url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/" + std::to_string(i);
        r.body = "{}";
        r.timeout = std::chrono::milliseconds(300);
        ASSERT_EQ(client.submit(r,
                                [&](HttpResponse&& response) {
                                    timed_out += response.status == 0 && !response.error.empty();
                                    if (++answered == kRequests) all.set_value();
                                }),
                  Http2Client::Admission::queued);
    }
    ASSERT_EQ(all.get_future().wait_for(std::chrono::seconds(10)), std::future_status::ready);
    EXPECT_EQ(timed_out.load(), kRequests);
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
    client.stop();

    Http2Client::Options options;
    options.connect_timeout = std::chrono::milliseconds(300);
    Http2Client tls_client(options);
    tls_client.start();
    std::promise<HttpResponse> handshake_timed_out;
    HttpRequest r;
    r.url = "https://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/";
    started = std::chrono::steady_clock::now();
    ASSERT_EQ(tls_client.submit(r, [&](HttpResponse&& response) { handshake_timed_out.set_value(std::move(response)); }),
              Http2Client::Admission::queued);
    auto future = handshake_timed_out.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready);
    HttpResponse response = future.get();
    EXPECT_EQ(response.status, 0);
    EXPECT_NE(response.error.find("timeout"), std::string::npos) << response.error;
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(300));
    tls_client.stop();
    close(listener);
}

}  // namespace
}  // namespace switchboard::sdk::push
