// sb-push-bench: how many notifications/s a push plugin takes (send()
// accepted: queued) and gets answered by a local fake provider (done
// called: delivered), over HTTP/2 with TLS, as the kernel's outbox worker
// would drive it: up to --window notifications unanswered at a time.
//
//   sb-push-bench [--provider fcm|apns|webhook] [--count 50000] [--window 2000]
// Prints one JSON line. The fake providers run with --no-record (they count only).
#include <atomic>
#include <chrono>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "fake_providers.hpp"
#include "switchboard/sdk/testing/test_host.hpp"
#include "test_notification.hpp"

using switchboard::tests::push::FakeProviders;
using switchboard::tests::push::TestNotification;
using Clock = std::chrono::steady_clock;

namespace {

struct Counters {
    std::atomic<long> answered{0};
    std::atomic<long> delivered{0};
};

void on_done(void* ctx, const sb_push_result* result) {
    auto* c = static_cast<Counters*>(ctx);
    if (result->outcome == SB_PUSH_DELIVERED) c->delivered.fetch_add(1);
    c->answered.fetch_add(1);
}

void configure(switchboard::sdk::testing::TestHost& host, const std::string& provider, const FakeProviders& fakes,
               long window) {
    const auto& info = fakes.info();
    host.set("ca_file", fakes.ca_file());
    host.set("max_queue", std::to_string(window * 2));
    host.set("max_in_flight", std::to_string(window));
    if (provider == "fcm") {
        host.set("service_account_file", info["fcm_service_account_file"]);
        host.set("endpoint", fakes.base_url());
    } else if (provider == "apns") {
        host.set("key_file", info["apns_key_file"]);
        host.set("key_id", info["apns_key_id"]);
        host.set("team_id", info["apns_team_id"]);
        host.set("bundle_id", info["apns_bundle_id"]);
        host.set("production_url", fakes.base_url() + "/production");
        host.set("sandbox_url", fakes.base_url() + "/sandbox");
    } else {
        host.set("url", fakes.base_url() + "/webhook");
        host.set("secret", info["webhook_secret"]);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string provider = "fcm";
    long count = 50'000, window = 2'000;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--provider")) provider = argv[i + 1];
        else if (!std::strcmp(argv[i], "--count")) count = std::stol(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--window")) window = std::stol(argv[i + 1]);
        else {
            std::cerr << "usage: sb-push-bench [--provider fcm|apns|webhook] [--count N] [--window N]\n";
            return 2;
        }
    }
    const char* plugin = provider == "fcm" ? SB_PUSH_FCM_PLUGIN : provider == "apns" ? SB_PUSH_APNS_PLUGIN
                                                                                      : SB_PUSH_WEBHOOK_PLUGIN;
    FakeProviders fakes("--no-record");
    switchboard::sdk::testing::TestHost host(plugin);
    configure(host, provider, fakes, window);
    host.create_and_start();
    auto* vtable = host.vtable<sb_push_vtable>();

    TestNotification n;
    n.provider = provider;
    n.token = provider == "apns" ? std::string(64, 'a') : "bench-device-token";
    Counters counters;
    long queued = 0, busy = 0;
    auto start = Clock::now();
    Clock::time_point all_queued;
    while (queued < count) {
        if (queued - counters.answered.load() >= window) {
            std::this_thread::yield();
            continue;
        }
        n.id = "bench-" + std::to_string(queued);
        sb_notification raw = n.raw();
        if (vtable->send(host.instance(), &raw, &on_done, &counters, nullptr) == SB_OK) ++queued;
        else ++busy;
    }
    all_queued = Clock::now();
    while (counters.answered.load() < count) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto end = Clock::now();
    host.stop_and_destroy();
    double seconds = std::chrono::duration<double>(end - start).count();
    nlohmann::json report = {
        {"provider", provider},
        {"count", count},
        {"window", window},
        {"seconds", seconds},
        {"queued_per_s", count / std::chrono::duration<double>(all_queued - start).count()},
        {"delivered_per_s", counters.delivered.load() / seconds},
        {"delivered", counters.delivered.load()},
        {"busy_refusals", busy},
        {"fake_counted", fakes.get("/control/stats")["counts"][provider]},
        {"fake_errors", fakes.get("/control/stats")["errors"]},
    };
    std::cout << report.dump() << "\n";
    auto errors = fakes.errors();
    for (size_t i = 0; i < errors.size() && i < 5; ++i) std::cerr << "fake provider error: " << errors[i].dump() << "\n";
    return counters.delivered.load() == count ? 0 : 1;
}
