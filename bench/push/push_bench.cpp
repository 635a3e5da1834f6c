// sb-push-bench: how many notifications/s a push plugin takes (send()
// accepted: queued) and gets answered by a local fake provider (done
// called: delivered), over HTTP/2 with TLS, as the kernel's outbox worker
// would drive it: up to --window notifications unanswered at a time.
//
//   sb-push-bench [--provider fcm|apns|webhook|webpush] [--count 50000] [--window 2000]
//                 [--streams 250] [--connections 4] [--threads 1] [--fake checking|sink|nginx]
// Prints one JSON line: rates, the CPU seconds of this process (the plugin)
// and of the fake, what the fake counted (and counted twice, by notification
// id), and the reasons of the notifications not delivered. The fake
// providers run with --no-record (they count only); `--fake sink` answers
// without checking anything; `--fake nginx` sends the notifications to
// nginx instead (NginxSink, C: cheap enough to leave the client most of the
// machine), which counts requests, not notification ids. The Node fake
// still runs then, idle but for FCM's OAuth token: its keys, certificate
// and Web Push subscription are the bench's.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "cpu_times.hpp"
#include "fake_providers.hpp"
#include "nginx_sink.hpp"
#include "switchboard/sdk/testing/test_host.hpp"
#include "test_notification.hpp"

using switchboard::bench::push::CpuTimes;
using switchboard::bench::push::NginxSink;
using switchboard::tests::push::FakeProviders;
using switchboard::tests::push::TestNotification;
using Clock = std::chrono::steady_clock;

namespace {

struct Counters {
    std::atomic<long> answered{0};
    std::atomic<long> delivered{0};
    std::mutex mutex;
    std::condition_variable answer;  // the sender waits on it while its window is full
    std::map<std::string, long> not_delivered;  // by status and reason
};

void on_done(void* ctx, const sb_push_result* result) {
    auto* c = static_cast<Counters*>(ctx);
    std::lock_guard<std::mutex> lock(c->mutex);
    if (result->outcome == SB_PUSH_DELIVERED)
        c->delivered.fetch_add(1);
    else
        ++c->not_delivered[std::to_string(result->http_status) + " " +
                           std::string(result->reason.ptr, result->reason.len)];
    c->answered.fetch_add(1);
    c->answer.notify_one();
}

struct Shape {
    long window = 2'000;
    long streams = 250;
    long connections = 4;
    long threads = 1;
};

// `base_url`: where the notifications go (the Node fake or nginx).
void configure(switchboard::sdk::testing::TestHost& host, const std::string& provider, const FakeProviders& fakes,
               const std::string& base_url, const Shape& shape) {
    const auto& info = fakes.info();
    host.set("ca_file", fakes.ca_file());
    host.set("max_queue", std::to_string(shape.window * 2));
    host.set("max_in_flight", std::to_string(shape.window));
    host.set("max_streams_per_connection", std::to_string(shape.streams));
    host.set("max_connections", std::to_string(shape.connections));
    host.set("client_threads", std::to_string(shape.threads));
    if (provider == "fcm") {
        host.set("service_account_file", info["fcm_service_account_file"]);
        host.set("endpoint", base_url);
    } else if (provider == "apns") {
        host.set("key_file", info["apns_key_file"]);
        host.set("key_id", info["apns_key_id"]);
        host.set("team_id", info["apns_team_id"]);
        host.set("bundle_id", info["apns_bundle_id"]);
        host.set("production_url", base_url + "/production");
        host.set("sandbox_url", base_url + "/sandbox");
    } else if (provider == "webpush") {
        host.set("vapid_private_key", "NVkdpjdKULbsfU7_eSB7yGpK-P-ePZi5YfrrpKJBQN8");
        host.set("vapid_public_key",
                 "BKhTGrPXn77jSou1ZHI7eJ4OupggSqwX1eVPAC_1J0h3F8CSh6UPe-o2Q97dzMV00EbY00BzMaZ8AsfYqU39-Io");
        host.set("subject", "mailto:bench@example.com");
    } else {
        host.set("url", base_url + "/webhook");
        host.set("secret", info["webhook_secret"]);
    }
}

const char* plugin_of(const std::string& provider) {
    if (provider == "fcm") return SB_PUSH_FCM_PLUGIN;
    if (provider == "apns") return SB_PUSH_APNS_PLUGIN;
    if (provider == "webpush") return SB_PUSH_WEBPUSH_PLUGIN;
    if (provider == "webhook") return SB_PUSH_WEBHOOK_PLUGIN;
    return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    std::string provider = "fcm", fake = "checking";
    long count = 50'000;
    Shape shape;
    bool usage = argc % 2 == 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--provider")) provider = argv[i + 1];
        else if (!std::strcmp(argv[i], "--count")) count = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--window")) shape.window = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--streams")) shape.streams = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--connections")) shape.connections = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--threads")) shape.threads = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--fake")) fake = argv[i + 1];
        else usage = true;
    }
    const char* plugin = plugin_of(provider);
    if (!plugin || usage || (fake != "checking" && fake != "sink" && fake != "nginx")) {
        std::cerr << "usage: sb-push-bench [--provider fcm|apns|webhook|webpush] [--count N] [--window N] "
                     "[--streams N] [--connections N] [--threads N] [--fake checking|sink|nginx]\n";
        return 2;
    }
    FakeProviders fakes(fake == "sink" ? "--no-record --sink" : "--no-record");
    std::unique_ptr<NginxSink> nginx;
    if (fake == "nginx") nginx = std::make_unique<NginxSink>(fakes.dir() + "/tls-cert.pem", fakes.dir() + "/tls-key.pem");
    std::string base_url = nginx ? nginx->base_url() : fakes.base_url();
    pid_t sink_pid = nginx ? nginx->pid() : fakes.pid();
    switchboard::sdk::testing::TestHost host(plugin);
    configure(host, provider, fakes, base_url, shape);
    host.create_and_start();
    auto* vtable = host.vtable<sb_push_vtable>();

    TestNotification n;
    n.provider = provider;
    n.token = provider == "apns" ? std::string(64, 'a') : "bench-device-token";
    if (provider == "webpush") {
        auto subscription = fakes.post("/control/webpush/subscription", nlohmann::json::object());
        std::string endpoint = subscription["endpoint"];
        n.token = base_url + endpoint.substr(fakes.base_url().size());
        n.device_extra_json = nlohmann::json{{"keys", subscription["keys"]}}.dump();
    }
    NginxSink::Counts nginx_before = nginx ? nginx->counts(fakes.ca_file()) : NginxSink::Counts{};
    Counters counters;
    long queued = 0, busy = 0;
    double own_cpu_before = CpuTimes::own_seconds(), fake_cpu_before = CpuTimes::process_seconds(sink_pid);
    auto start = Clock::now();
    Clock::time_point all_queued;
    while (queued < count) {
        if (queued - counters.answered.load() >= shape.window) {
            std::unique_lock<std::mutex> lock(counters.mutex);
            counters.answer.wait(lock, [&] { return queued - counters.answered.load() < shape.window; });
        }
        n.id = "bench-" + std::to_string(queued);
        sb_notification raw = n.raw();
        if (vtable->send(host.instance(), &raw, &on_done, &counters, nullptr) == SB_OK) ++queued;
        else ++busy;
    }
    all_queued = Clock::now();
    {
        std::unique_lock<std::mutex> lock(counters.mutex);
        counters.answer.wait(lock, [&] { return counters.answered.load() == count; });
    }
    auto end = Clock::now();
    double own_cpu = CpuTimes::own_seconds() - own_cpu_before, fake_cpu = CpuTimes::process_seconds(sink_pid) - fake_cpu_before;
    host.stop_and_destroy();
    double seconds = std::chrono::duration<double>(end - start).count();
    nlohmann::json report = {
        {"provider", provider},
        {"count", count},
        {"window", shape.window},
        {"streams_per_connection", shape.streams},
        {"connections", shape.connections},
        {"client_threads", shape.threads},
        {"fake", fake},
        {"seconds", seconds},
        {"queued_per_s", count / std::chrono::duration<double>(all_queued - start).count()},
        {"delivered_per_s", counters.delivered.load() / seconds},
        {"delivered", counters.delivered.load()},
        {"not_delivered", counters.not_delivered},
        {"busy_refusals", busy},
        {"bench_cpu_s", own_cpu},
        {"bench_cpu_us_per_notification", own_cpu * 1e6 / count},
        {"fake_cpu_s", fake_cpu},
        {"fake_cpu_us_per_notification", fake_cpu * 1e6 / count},
    };
    bool counted_twice = false;
    if (nginx) {
        // Requests nginx started between the two status requests (the first one's own excluded).
        auto after = nginx->counts(fakes.ca_file());
        report["nginx_requests"] = after.requests - nginx_before.requests - 1;
        report["nginx_connections"] = after.connections - nginx_before.connections;
        counted_twice = after.requests - nginx_before.requests - 1 > count;
    } else {
        auto stats = fakes.get("/control/stats");
        report["fake_counted"] = stats["counts"][provider];
        report["fake_duplicates"] = stats["duplicates"][provider];
        report["fake_errors"] = stats["errors"];
        report["fake_http2"] = stats["http2"];
        counted_twice = stats["duplicates"][provider] != 0;
        auto errors = fakes.errors();
        for (size_t i = 0; i < errors.size() && i < 5; ++i)
            std::cerr << "fake provider error: " << errors[i].dump() << "\n";
    }
    std::cout << report.dump() << "\n";
    return counters.delivered.load() == count && !counted_twice ? 0 : 1;
}
