// The push kit's Http2Client keeps one HTTP/2 connection busy for thousands
// of requests against the Node fake (Node's nghttp2, with its CVE-2023-44487
// rapid-reset limit). A client that resets streams after their answers
// (libcurl 7.88 sends RST_STREAM after every completed stream) gets GOAWAY
// after ~1,000 of them, and the requests on the wire then end without an
// answer: "not sent again". Every request must be answered 200 on that one
// connection, and the fake must have received each exactly once.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <vector>

#include "fake_providers.hpp"
#include "switchboard/sdk/push/http2_client.hpp"

namespace switchboard::tests::push {
namespace {

using sdk::push::Http2Client;
using sdk::push::HttpRequest;
using sdk::push::HttpResponse;

TEST(Http2Client, ThousandsOfRequestsOnOneConnectionAreAnsweredWithoutAStreamReset) {
    FakeProviders fakes("--no-record --sink");
    int sessions_before = fakes.get("/control/stats")["http2"]["sessions"];
    constexpr int kCount = 3'000;
    Http2Client::Options options;
    options.ca_file = fakes.ca_file();
    options.timeout = std::chrono::seconds(60);  // a loaded machine (ASan) must not turn slowness into failures
    options.max_connections = 1;
    options.max_streams_per_connection = 250;
    options.max_in_flight = 500;
    Http2Client client(options);
    client.start();

    std::mutex mutex;
    std::condition_variable all;
    int answered = 0, ok = 0, not_resent = 0;
    std::vector<std::string> other_errors;
    for (int i = 0; i < kCount; ++i) {
        HttpRequest r;
        r.url = fakes.base_url() + "/webhook";
        r.headers = {"Content-Type: application/json", "X-Switchboard-Notification-Id: one-" + std::to_string(i)};
        r.body = R"({"n":)" + std::to_string(i) + "}";
        ASSERT_EQ(client.submit(std::move(r),
                                [&](HttpResponse&& response) {
                                    std::lock_guard<std::mutex> lock(mutex);
                                    ok += response.status == 200;
                                    if (response.error == Http2Client::kNotResent) not_resent++;
                                    else if (response.status != 200 && other_errors.size() < 5)
                                        other_errors.push_back(std::to_string(response.status) + " " + response.error);
                                    if (++answered == kCount) all.notify_all();
                                }),
                  Http2Client::Admission::queued);
    }
    {
        std::unique_lock<std::mutex> lock(mutex);
        ASSERT_TRUE(all.wait_for(lock, std::chrono::seconds(90), [&] { return answered == kCount; }));
    }
    client.stop();
    EXPECT_EQ(ok, kCount);
    EXPECT_EQ(not_resent, 0);
    for (const auto& error : other_errors) ADD_FAILURE() << error;
    auto stats = fakes.get("/control/stats");
    EXPECT_EQ(stats["counts"]["webhook"], kCount);
    EXPECT_EQ(stats["duplicates"]["webhook"], 0);
    // One connection for all of them, never closed by a GOAWAY (the stats request opened its own).
    EXPECT_EQ(stats["http2"]["sessions"].get<int>() - sessions_before - 1, 1) << stats["http2"].dump();
}

HttpResponse send_one(Http2Client::Options options, const std::string& url) {
    Http2Client client(std::move(options));
    client.start();
    std::promise<HttpResponse> answered;
    HttpRequest r;
    r.url = url;
    r.headers = {"content-type: application/json", "x-switchboard-notification-id: tls-check"};
    r.body = "{}";
    EXPECT_EQ(client.submit(r, [&](HttpResponse&& response) { answered.set_value(std::move(response)); }),
              Http2Client::Admission::queued);
    auto future = answered.get_future();
    EXPECT_EQ(future.wait_for(std::chrono::seconds(30)), std::future_status::ready);
    client.stop();
    return future.get();
}

// TLS checks the server's certificate against the trusted CAs and the
// URL's host: a name (with SNI) or an IP address.
TEST(Http2Client, VerifiesTheServersCertificateAndName) {
    FakeProviders fakes("--no-record --sink");
    Http2Client::Options trusting;
    trusting.ca_file = fakes.ca_file();
    std::string port = std::to_string(fakes.info()["port"].get<int>());
    EXPECT_EQ(send_one(trusting, "https://127.0.0.1:" + port + "/webhook").status, 200);
    EXPECT_EQ(send_one(trusting, "https://localhost:" + port + "/webhook").status, 200);
    // The system's CAs do not know the fake's self-signed certificate.
    HttpResponse untrusted = send_one(Http2Client::Options{}, "https://127.0.0.1:" + port + "/webhook");
    EXPECT_EQ(untrusted.status, 0);
    EXPECT_NE(untrusted.error.find("certificate"), std::string::npos) << untrusted.error;
}

}  // namespace
}  // namespace switchboard::tests::push
