// The built plugin behind the SDK's TestHost, which stands in for the kernel:
// every endpoint's status paths, with libcurl as the client.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "http_client.hpp"
#include "switchboard/sdk/testing/test_host.hpp"

namespace switchboard::plugins::transport_http {
namespace {

using nlohmann::json;
using testing::http;
using testing::HttpResponse;

struct OpenedConnection {
    std::string bearer;
    std::string api_key;
    uint32_t flags = 0;
    std::string request;
};

class HttpPluginTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("sb-http-" + std::to_string(::getpid()) + "-" +
                                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_ / "web");
        std::ofstream(dir_ / "web" / "index.html") << "<!doctype html><title>app</title>";
        std::ofstream(dir_ / "web" / "app.js") << "console.log(1)";
        std::ofstream(dir_ / "secret.txt") << "secret";
        attachment_path_ = (dir_ / "attachment.bin").string();
        std::ofstream(attachment_path_) << "0123456789abcdefghij";

        host_ = std::make_unique<sdk::testing::TestHost>(SB_HTTP_PLUGIN_PATH);
        host_->set("port", "0");
        host_->set("static_dir", (dir_ / "web").string());
        host_->set("max_body_size", "1KiB");
        host_->set_list("allowed_origins", {"https://app.example"});
        host_->on_open = [this](const sb_conn_info& info) {
            std::lock_guard lock(mutex_);
            uint64_t id = ++next_conn_;
            opened_[id] = OpenedConnection{std::string(sdk::to_view(info.bearer_token)),
                                           std::string(sdk::to_view(info.api_key)), info.flags, ""};
            return id;
        };
        host_->on_receive = [this](uint64_t conn, std::string_view data) {
            {
                std::lock_guard lock(mutex_);
                opened_[conn].request = data;
            }
            auto [bytes, refusal] = kernel(conn, data);
            // The answer comes from another thread, later, as the kernel's would.
            answers_.push_back(std::async(std::launch::async, [this, conn, bytes = bytes, refusal = refusal] {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                sb_payload* p = host_->make_payload(bytes);
                host_->vtable<sb_transport_vtable>()->answer(host_->instance(), conn, p, refusal);
                host_->release(p);
            }));
        };
        host_->on_closed = [this](uint64_t conn) {
            std::lock_guard lock(mutex_);
            ++closed_[conn];
        };
    }

    void TearDown() override {
        host_->stop_and_destroy();
        for (auto& a : answers_) a.wait();
        std::filesystem::remove_all(dir_);
        EXPECT_EQ(sdk::testing::TestHost::live_payloads(), 0);
    }

    void start() {
        host_->create_and_start();
        for (const auto& line : host_->logs())
            if (auto at = line.find("listening on http://127.0.0.1:"); at != std::string::npos)
                port_ = std::stoi(line.substr(at + 30));
        ASSERT_GT(port_, 0);
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

    std::function<std::pair<std::string, sb_status>(uint64_t, std::string_view)> kernel =
        [](uint64_t, std::string_view) { return std::make_pair(std::string(R"({"id":1,"ok":true,"data":{}})"), SB_OK); };

    std::unique_ptr<sdk::testing::TestHost> host_;
    std::filesystem::path dir_;
    std::string attachment_path_;
    int port_ = 0;
    std::mutex mutex_;
    uint64_t next_conn_ = 0;
    std::map<uint64_t, OpenedConnection> opened_;
    std::map<uint64_t, int> closed_;
    std::vector<std::future<void>> answers_;
};

TEST_F(HttpPluginTest, HealthAndReadiness) {
    std::atomic<bool> ready{true};
    host_->on_check_ready = [&](sb_host_done done, void* ctx) {
        if (ready) done(ctx, SB_OK, "", nullptr);
        else done(ctx, SB_ERR_UNAVAILABLE, "storage did not answer", nullptr);
    };
    start();
    EXPECT_EQ(http("GET", url("/healthz")).status, 200);
    EXPECT_EQ(http("GET", url("/readyz")).status, 200);
    ready = false;
    HttpResponse r = http("GET", url("/readyz"));
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(json::parse(r.body)["reason"], "storage did not answer");
    EXPECT_EQ(http("POST", url("/healthz")).status, 405);
}

TEST_F(HttpPluginTest, MetricsAreWhatTheHostRendersPlusTheTransportsOwn) {
    host_->on_metrics_render = [] { return std::string("switchboard_up 1\n"); };
    start();
    HttpResponse r = http("GET", url("/metrics"));
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "switchboard_up 1\n");
    EXPECT_EQ(r.header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    auto values = host_->metric_values();
    EXPECT_EQ(values["switchboard_http_requests_total{metrics,200}"], 1.0);
}

TEST_F(HttpPluginTest, RpcCarriesTheEnvelopeAndTheBearerTokenAndReportsCloseOnce) {
    kernel = [](uint64_t, std::string_view data) {
        return std::make_pair(std::string(R"({"id":7,"ok":true,"data":{"echo":)") + std::string(data) + "}}", SB_OK);
    };
    start();
    HttpResponse r = http("POST", url("/v1/rpc"), {"Content-Type: application/json", "Authorization: Bearer tok-1"},
                          R"({"id":7,"op":"user.me"})");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(json::parse(r.body)["data"]["echo"]["op"], "user.me");
    std::lock_guard lock(mutex_);
    ASSERT_EQ(opened_.size(), 1u);
    EXPECT_EQ(opened_[1].bearer, "tok-1");
    EXPECT_EQ(opened_[1].flags & SB_CONN_STATELESS, SB_CONN_STATELESS);
    for (int i = 0; i < 100 && closed_[1] == 0; ++i) {
        mutex_.unlock();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        mutex_.lock();
    }
    EXPECT_EQ(closed_[1], 1);
}

TEST_F(HttpPluginTest, RpcStatusPaths) {
    kernel = [](uint64_t, std::string_view) {
        return std::make_pair(std::string(R"({"id":null,"ok":false,"error":{"code":"unauthorized","message":"bad"}})"),
                              SB_ERR_UNAUTHORIZED);
    };
    start();
    HttpResponse refused = http("POST", url("/v1/rpc"), {"Content-Type: application/json"}, "{}");
    EXPECT_EQ(refused.status, 401);
    EXPECT_EQ(json::parse(refused.body)["error"]["code"], "unauthorized");
    EXPECT_EQ(http("POST", url("/v1/rpc"), {"Content-Type: text/plain"}, "{}").status, 415);
    EXPECT_EQ(http("POST", url("/v1/rpc"), {"Content-Type: application/json", "Authorization: Basic eA=="}, "{}").status,
              401);
    EXPECT_EQ(http("POST", url("/v1/rpc"), {"Content-Type: application/json"}, std::string(2000, ' ')).status, 413);
    HttpResponse get = http("GET", url("/v1/rpc"));
    EXPECT_EQ(get.status, 405);
    EXPECT_EQ(get.header("allow"), "POST");
}

TEST_F(HttpPluginTest, ServerApiMapsRestOntoOps) {
    kernel = [](uint64_t, std::string_view) {
        return std::make_pair(std::string(R"({"id":1,"ok":true,"data":{"user_id":"u_1","created":true}})"), SB_OK);
    };
    start();
    HttpResponse r = http("PUT", url("/v1/server/users/alice"), {"Content-Type: application/json", "X-Api-Key: k"},
                          R"({"display_name":"Alice"})");
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(json::parse(r.body)["user_id"], "u_1");
    {
        std::lock_guard lock(mutex_);
        json sent = json::parse(opened_[1].request);
        EXPECT_EQ(sent["op"], "server.user.upsert");
        EXPECT_EQ(sent["data"]["username"], "alice");
        EXPECT_EQ(sent["data"]["display_name"], "Alice");
        EXPECT_EQ(opened_[1].api_key, "k");
        EXPECT_EQ(opened_[1].bearer, "");
    }
    kernel = [](uint64_t, std::string_view) {
        return std::make_pair(std::string(R"({"id":1,"ok":false,"error":{"code":"not_found","message":"no user"}})"),
                              SB_OK);
    };
    HttpResponse missing = http("POST", url("/v1/server/users/u_9/tokens"), {"Authorization: Bearer key"});
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(json::parse(missing.body)["error"]["message"], "no user");
    EXPECT_EQ(http("DELETE", url("/v1/server/users/alice")).status, 405);
    EXPECT_EQ(http("PUT", url("/v1/server/users/alice"), {"Content-Type: application/json"}, "[1]").status, 400);
    // Nesting that could overflow the stack when the envelope is built is
    // refused first (within max_body_size here, 1 KiB; 256 KiB would be deep enough).
    std::string deep = R"({"display_name":"A","x":)" + std::string(40, '[') + std::string(40, ']') + "}";
    HttpResponse nested = http("PUT", url("/v1/server/users/alice"), {"Content-Type: application/json"}, deep);
    EXPECT_EQ(nested.status, 400);
    EXPECT_NE(json::parse(nested.body)["error"]["message"].get<std::string>().find("deeper than 30"),
              std::string::npos);
}

TEST_F(HttpPluginTest, RawUploadGoesToTheHostAndAnswersTheRecord) {
    std::string received;
    std::string announced_type, announced_name, announced_token;
    int64_t declared = 0;
    static int upload_handle = 0;
    host_->on_upload_begin = [&](const sb_upload_info& info, sb_error* err) -> sb_upload* {
        announced_type = sdk::to_view(info.content_type);
        announced_name = sdk::to_view(info.filename);
        announced_token = sdk::to_view(info.bearer_token);
        declared = info.declared_size;
        if (announced_type == "text/html") {
            sb_error_set(err, SB_ERR_BAD_REQUEST, "content type text/html is not allowed");
            return nullptr;
        }
        if (declared > 100) {
            sb_error_set(err, SB_ERR_TOO_LARGE, "too large");
            return nullptr;
        }
        return reinterpret_cast<sb_upload*>(&upload_handle);
    };
    host_->on_upload_write = [&](sb_upload*, std::string_view data, sb_error*) {
        received += data;
        return SB_OK;
    };
    host_->on_upload_finish = [&](sb_upload*, sb_host_done done, void* ctx) {
        std::thread([done, ctx] {
            sb_attachment a{};
            a.struct_size = sizeof a;
            a.attachment_id = sdk::to_sb("a_1");
            a.content_type = sdk::to_sb("image/png");
            a.sha256 = sdk::to_sb("abc");
            a.size = 5;
            a.has_thumbnail = 1;
            done(ctx, SB_OK, "", &a);
        }).detach();
    };
    start();
    HttpResponse r = http("POST", url("/v1/attachments?filename=cat.png"),
                          {"Content-Type: image/png", "Authorization: Bearer t"}, "hello");
    ASSERT_EQ(r.status, 201) << r.body;
    json body = json::parse(r.body);
    EXPECT_EQ(body["attachment_id"], "a_1");
    EXPECT_EQ(body["thumbnail_url"], "/v1/attachments/a_1/thumbnail");
    EXPECT_EQ(received, "hello");
    EXPECT_EQ(announced_name, "cat.png");
    EXPECT_EQ(announced_token, "t");
    EXPECT_EQ(declared, 5);
    EXPECT_EQ(http("POST", url("/v1/attachments"), {"Content-Type: text/html", "Authorization: Bearer t"}, "<p>").status,
              415);
    EXPECT_EQ(http("POST", url("/v1/attachments"), {"Content-Type: image/png", "Authorization: Bearer t"},
                   std::string(200, 'x')).status,
              413);
    EXPECT_EQ(http("POST", url("/v1/attachments"), {"Content-Type: image/png"}, "x").status, 401);
    received.clear();
    HttpResponse named = http("POST", url("/v1/attachments"),
                              {"Content-Type: image/png", "Authorization: Bearer t", "X-Filename: caf%C3%A9.png"}, "hi");
    EXPECT_EQ(named.status, 201);
    EXPECT_EQ(announced_name, "café.png");
}

TEST_F(HttpPluginTest, DownloadServesRangesETagsAndRefusals) {
    host_->on_attachment_open = [&](const sb_attachment_request& req, sb_host_done done, void* ctx) {
        std::string token(sdk::to_view(req.bearer_token));
        if (token != "ok") return done(ctx, SB_ERR_FORBIDDEN, "not yours", nullptr);
        sb_attachment a{};
        a.struct_size = sizeof a;
        a.attachment_id = req.attachment_id;
        a.filename = sdk::to_sb("notes.txt");
        a.sha256 = sdk::to_sb("f00d");
        sb_attachment_file f{sizeof f, &a, attachment_path_.c_str(), 20, sdk::to_sb("text/plain")};
        done(ctx, SB_OK, "", &f);
    };
    start();
    HttpResponse whole = http("GET", url("/v1/attachments/a_1"), {"Authorization: Bearer ok"});
    EXPECT_EQ(whole.status, 200);
    EXPECT_EQ(whole.body, "0123456789abcdefghij");
    EXPECT_EQ(whole.header("etag"), "\"f00d\"");
    EXPECT_EQ(whole.header("content-disposition"), "inline; filename=\"notes.txt\"; filename*=UTF-8''notes.txt");
    EXPECT_EQ(whole.header("x-content-type-options"), "nosniff");
    HttpResponse part = http("GET", url("/v1/attachments/a_1?access_token=ok"), {"Range: bytes=5-9"});
    EXPECT_EQ(part.status, 206);
    EXPECT_EQ(part.body, "56789");
    EXPECT_EQ(part.header("content-range"), "bytes 5-9/20");
    HttpResponse bad = http("GET", url("/v1/attachments/a_1"), {"Authorization: Bearer ok", "Range: bytes=50-"});
    EXPECT_EQ(bad.status, 416);
    EXPECT_EQ(bad.header("content-range"), "bytes */20");
    EXPECT_EQ(http("GET", url("/v1/attachments/a_1"), {"Authorization: Bearer ok", "If-None-Match: \"f00d\""}).status, 304);
    EXPECT_EQ(http("GET", url("/v1/attachments/a_1"), {"Authorization: Bearer other"}).status, 403);
    EXPECT_EQ(http("GET", url("/v1/attachments/a_1")).status, 401);
}

TEST_F(HttpPluginTest, StaticFilesAndTraversal) {
    start();
    HttpResponse index = http("GET", url("/"));
    EXPECT_EQ(index.status, 200);
    EXPECT_EQ(index.header("cache-control"), "no-cache");
    EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
    HttpResponse js = http("GET", url("/app.js"));
    EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.header("cache-control"), "public, max-age=86400");
    EXPECT_EQ(http("GET", url("/app.js"), {"If-None-Match: " + js.header("etag")}).status, 304);
    HttpResponse escape = http("GET", url("/../secret.txt"));
    EXPECT_NE(escape.status, 200);
    EXPECT_EQ(escape.body.find("secret"), std::string::npos);
    EXPECT_NE(http("GET", url("/%2e%2e/secret.txt")).status, 200);
    EXPECT_EQ(http("GET", url("/nothing.css")).status, 404);
}

TEST_F(HttpPluginTest, CorsPreflightAndHeaders) {
    start();
    HttpResponse ok = http("OPTIONS", url("/v1/rpc"),
                           {"Origin: https://app.example", "Access-Control-Request-Method: POST",
                            "Access-Control-Request-Headers: authorization, content-type"});
    EXPECT_EQ(ok.status, 204);
    EXPECT_EQ(ok.header("access-control-allow-origin"), "https://app.example");
    EXPECT_NE(ok.header("access-control-allow-methods").find("POST"), std::string::npos);
    HttpResponse other = http("OPTIONS", url("/v1/rpc"),
                              {"Origin: https://evil.example", "Access-Control-Request-Method: POST"});
    EXPECT_EQ(other.status, 403);
    EXPECT_EQ(other.header("access-control-allow-origin"), "");
    HttpResponse plain = http("GET", url("/healthz"), {"Origin: https://app.example"});
    EXPECT_EQ(plain.header("access-control-allow-origin"), "https://app.example");
}

TEST_F(HttpPluginTest, RateLimitPerAddress) {
    host_->set("rate_limit.requests_per_second", "1");
    host_->set("rate_limit.burst", "2");
    start();
    std::vector<long> statuses;
    for (int i = 0; i < 4; ++i) statuses.push_back(http("GET", url("/v1/nothing")).status);
    EXPECT_EQ(statuses[0], 404);
    EXPECT_EQ(statuses[1], 404);
    EXPECT_EQ(statuses[3], 429);
    EXPECT_EQ(http("GET", url("/healthz")).status, 200);  // health is not rate limited
}

TEST_F(HttpPluginTest, StopAnswersWaitingRequestsAndReportsTheirClose) {
    std::promise<void> received;
    host_->on_receive = [&](uint64_t, std::string_view) { received.set_value(); };  // never answers
    start();
    auto pending = std::async(std::launch::async, [&] {
        return http("POST", url("/v1/rpc"), {"Content-Type: application/json"}, "{}").status;
    });
    received.get_future().wait();
    host_->stop_and_destroy();
    EXPECT_EQ(pending.get(), 503);
    std::lock_guard lock(mutex_);
    EXPECT_EQ(closed_[1], 1);
}

// A client that stops halfway through its request is cut after connection_timeout.
TEST_F(HttpPluginTest, SlowClientsTimeOut) {
    host_->set("connection_timeout", "1s");
    start();
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port_));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    std::string partial = "POST /v1/rpc HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Len";
    ASSERT_EQ(::send(fd, partial.data(), partial.size(), 0), static_cast<ssize_t>(partial.size()));
    timeval wait{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    auto before = std::chrono::steady_clock::now();
    char byte;
    ssize_t n = ::recv(fd, &byte, 1, 0);
    auto waited = std::chrono::steady_clock::now() - before;
    ::close(fd);
    EXPECT_EQ(n, 0);  // closed by the server, not by our receive timeout
    EXPECT_GE(waited, std::chrono::milliseconds(500));
    EXPECT_LT(waited, std::chrono::milliseconds(4500));
}

TEST_F(HttpPluginTest, BadOptionsAreRefusedAtCreate) {
    host_->set("host", "localhost");
    EXPECT_THROW(host_->create_and_start(), std::runtime_error);
}

}  // namespace
}  // namespace switchboard::plugins::transport_http
