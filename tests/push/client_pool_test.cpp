// The push kit's Http2ClientPool against the Node fake in sink mode
// (HTTP/2 over TLS, counting requests by notification id and its HTTP/2
// sessions): every request answered exactly once, each thread on its own
// connections, sequential requests kept on one thread, and a stop with
// requests on the wire.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "fake_providers.hpp"
#include "switchboard/sdk/push/http2_client_pool.hpp"

namespace switchboard::tests::push {
namespace {

using sdk::push::Http2Client;
using sdk::push::Http2ClientPool;
using sdk::push::HttpRequest;
using sdk::push::HttpResponse;

// What the callbacks saw, per request index.
struct Answers {
    explicit Answers(size_t count) : calls(count), statuses(count) {}
    std::vector<std::atomic<int>> calls;
    std::vector<std::atomic<int>> statuses;
    std::atomic<size_t> answered{0};
    std::mutex mutex;
    std::condition_variable all;
    std::set<std::thread::id> threads;

    Http2Client::Callback callback(size_t i) {
        return [this, i](HttpResponse&& response) {
            calls[i].fetch_add(1);
            statuses[i] = response.status;
            std::lock_guard<std::mutex> lock(mutex);
            threads.insert(std::this_thread::get_id());
            answered.fetch_add(1);
            all.notify_all();
        };
    }
    bool wait(size_t count) {
        std::unique_lock<std::mutex> lock(mutex);
        return all.wait_for(lock, std::chrono::seconds(60), [&] { return answered.load() == count; });
    }
};

HttpRequest webhook(const FakeProviders& fakes, size_t i) {
    HttpRequest r;
    r.url = fakes.base_url() + "/webhook";
    r.headers = {"content-type: application/json", "x-switchboard-notification-id: pool-" + std::to_string(i)};
    r.body = R"({"n":)" + std::to_string(i) + "}";
    return r;
}

Http2ClientPool::Options pool_options(const FakeProviders& fakes, size_t threads) {
    Http2ClientPool::Options options;
    options.client.ca_file = fakes.ca_file();
    options.client.timeout = std::chrono::seconds(60);  // a loaded machine (ASan, -j) must not turn slowness into failures
    options.client.max_queued = 10'000;
    options.client.max_in_flight = 400;
    options.client.max_streams_per_connection = 100;
    options.client.max_connections = 2 * threads;  // two connections per thread
    options.threads = threads;
    return options;
}

TEST(Http2ClientPool, AnswersEveryRequestOnceFromEveryThreadOverItsOwnConnections) {
    FakeProviders fakes("--no-record --sink");
    int sessions_before = fakes.get("/control/stats")["http2"]["sessions"];
    constexpr size_t kCount = 3'000;
    Http2ClientPool pool(pool_options(fakes, 3));
    pool.start();
    Answers answers(kCount);
    for (size_t i = 0; i < kCount; ++i)
        ASSERT_EQ(pool.submit(webhook(fakes, i), answers.callback(i)), Http2Client::Admission::queued);
    ASSERT_TRUE(answers.wait(kCount));
    pool.stop();
    for (size_t i = 0; i < kCount; ++i) {
        EXPECT_EQ(answers.calls[i].load(), 1) << "request " << i;
        EXPECT_EQ(answers.statuses[i].load(), 200) << "request " << i;
    }
    EXPECT_EQ(answers.threads.size(), 3u) << "callbacks run on each client's thread";
    auto stats = fakes.get("/control/stats");
    EXPECT_EQ(stats["counts"]["webhook"], kCount);
    EXPECT_EQ(stats["duplicates"]["webhook"], 0);
    // 3 threads x 2 connections (400 in flight over 100-stream connections
    // needs them all); the stats request itself opened one more session.
    int sessions = stats["http2"]["sessions"].get<int>() - sessions_before - 1;
    EXPECT_EQ(sessions, 6);
}

// Light traffic stays on the first thread and its warm connection: a
// request sent from the previous one's callback finds that client with
// nothing unanswered.
TEST(Http2ClientPool, RequestsSentOneAfterAnotherStayOnOneThreadAndConnection) {
    FakeProviders fakes("--no-record --sink");
    int sessions_before = fakes.get("/control/stats")["http2"]["sessions"];
    constexpr size_t kCount = 20;
    Http2ClientPool pool(pool_options(fakes, 2));
    pool.start();
    Answers answers(kCount);
    std::function<void(size_t)> send = [&](size_t i) {
        auto answered = answers.callback(i);
        pool.submit(webhook(fakes, i), [&, i, answered](HttpResponse&& response) {
            if (i + 1 < kCount) send(i + 1);
            answered(std::move(response));
        });
    };
    send(0);
    ASSERT_TRUE(answers.wait(kCount));
    pool.stop();
    for (size_t i = 0; i < kCount; ++i) EXPECT_EQ(answers.statuses[i].load(), 200) << "request " << i;
    EXPECT_EQ(answers.threads.size(), 1u);
    auto stats = fakes.get("/control/stats");
    EXPECT_EQ(stats["counts"]["webhook"], kCount);
    EXPECT_EQ(stats["http2"]["sessions"].get<int>() - sessions_before - 1, 1);
}

TEST(Http2ClientPool, StopWithRequestsOnTheWireAnswersEachOnce) {
    FakeProviders fakes("--no-record --sink");
    constexpr size_t kCount = 2'000;
    Http2ClientPool pool(pool_options(fakes, 2));
    pool.start();
    Answers answers(kCount);
    for (size_t i = 0; i < kCount; ++i)
        ASSERT_EQ(pool.submit(webhook(fakes, i), answers.callback(i)), Http2Client::Admission::queued);
    // Some answered, some on the wire, some still queued.
    while (answers.answered.load() < 100) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    pool.stop();
    EXPECT_EQ(answers.answered.load(), kCount);
    size_t stopped = 0;
    for (size_t i = 0; i < kCount; ++i) {
        EXPECT_EQ(answers.calls[i].load(), 1) << "request " << i;
        int status = answers.statuses[i].load();
        EXPECT_TRUE(status == 200 || status == 0) << "request " << i << ": " << status;
        stopped += status == 0;
    }
    EXPECT_GT(stopped, 0u);
    EXPECT_EQ(pool.submit(webhook(fakes, 0), answers.callback(0)), Http2Client::Admission::stopped);
}

}  // namespace
}  // namespace switchboard::tests::push
