// The push kit's Http2Client keeps one HTTP/2 connection busy for thousands
// of requests against the Node fake (Node's nghttp2, with its CVE-2023-44487
// rapid-reset limit). A client that resets streams after their answers
// (libcurl 7.88 sends RST_STREAM after every completed stream) gets GOAWAY
// after ~1,000 of them, and the requests on the wire then end without an
// answer: "not sent again". Every request must be answered 200 on that one
// connection, and the fake must have received each exactly once.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
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

// A CONNECT proxy on 127.0.0.1 for one tunnel at a time: it reads the
// request, answers `answer`, and on 200 relays bytes to the port asked for.
class ConnectProxy {
public:
    explicit ConnectProxy(std::string answer) : answer_(std::move(answer)) {
        listener_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof(address);
        if (bind(listener_, reinterpret_cast<sockaddr*>(&address), length) != 0 || listen(listener_, 4) != 0 ||
            getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
            throw std::runtime_error("ConnectProxy: cannot listen");
        port_ = ntohs(address.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~ConnectProxy() {
        shutdown(listener_, SHUT_RDWR);
        thread_.join();
        close(listener_);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::string> requests() {
        std::lock_guard<std::mutex> lock(mutex_);
        return requests_;
    }

private:
    void serve() {
        for (;;) {
            int client = accept(listener_, nullptr, nullptr);
            if (client < 0) return;
            std::string request;
            char c;
            while (request.find("\r\n\r\n") == std::string::npos && recv(client, &c, 1, 0) == 1) request.push_back(c);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                requests_.push_back(request.substr(0, request.find("\r\n")));
            }
            send(client, answer_.data(), answer_.size(), MSG_NOSIGNAL);
            if (answer_.rfind("HTTP/1.1 200", 0) == 0) relay(client, request);
            close(client);
        }
    }

    void relay(int client, const std::string& request) {
        // "CONNECT 127.0.0.1:PORT HTTP/1.1"
        size_t colon = request.find(':'), space = request.find(' ', colon);
        sockaddr_in target{};
        target.sin_family = AF_INET;
        target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        target.sin_port = htons(static_cast<uint16_t>(std::stoi(request.substr(colon + 1, space - colon - 1))));
        int upstream = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof(target)) == 0) {
            pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
            char buffer[16384];
            for (bool open = true; open && poll(fds, 2, 10'000) > 0;) {
                for (int i = 0; i < 2 && open; ++i) {
                    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                    ssize_t n = recv(fds[i].fd, buffer, sizeof(buffer), 0);
                    open = n > 0 && send(fds[1 - i].fd, buffer, static_cast<size_t>(n), MSG_NOSIGNAL) == n;
                }
            }
        }
        close(upstream);
    }

    std::string answer_;
    int listener_ = -1;
    uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> requests_;
};

// https_proxy (as libcurl reads it): the connection is a CONNECT tunnel
// through the proxy, TLS and HTTP/2 end to end; no_proxy names hosts
// reached directly; a proxy's refusal is the request's error.
TEST(Http2Client, GoesThroughTheHttpsProxyOfTheEnvironment) {
    FakeProviders fakes("--no-record --sink");
    Http2Client::Options options;
    options.ca_file = fakes.ca_file();
    std::string port = std::to_string(fakes.info()["port"].get<int>());
    std::string url = "https://127.0.0.1:" + port + "/webhook";
    {
        ConnectProxy proxy("HTTP/1.1 200 Connection Established\r\n\r\n");
        setenv("https_proxy", proxy.url().c_str(), 1);
        setenv("no_proxy", "", 1);
        EXPECT_EQ(send_one(options, url).status, 200);
        EXPECT_EQ(proxy.requests(), std::vector<std::string>{"CONNECT 127.0.0.1:" + port + " HTTP/1.1"});
        setenv("no_proxy", "example.test, 127.0.0.1", 1);
        EXPECT_EQ(send_one(options, url).status, 200);
        EXPECT_EQ(proxy.requests().size(), 1u) << "no_proxy: straight to the server";
    }
    {
        ConnectProxy proxy("HTTP/1.1 403 Forbidden\r\n\r\n");
        setenv("https_proxy", proxy.url().c_str(), 1);
        setenv("no_proxy", "", 1);
        HttpResponse refused = send_one(options, url);
        EXPECT_EQ(refused.status, 0);
        EXPECT_EQ(refused.error, "the proxy refused CONNECT for 127.0.0.1:" + port + " (through the proxy " +
                                     proxy.url().substr(7) + "): HTTP/1.1 403 Forbidden");
    }
    setenv("https_proxy", "https://proxy.example.test:3128", 1);
    try {
        Http2Client client(options);
        ADD_FAILURE() << "an https:// proxy was accepted";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "https_proxy 'https://proxy.example.test:3128' is not an http:// proxy URL (http://host:port)");
    }
    unsetenv("https_proxy");
    unsetenv("no_proxy");
}

}  // namespace
}  // namespace switchboard::tests::push
