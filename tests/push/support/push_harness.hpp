#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "switchboard/push.h"
#include "switchboard/sdk/testing/test_host.hpp"
#include "test_notification.hpp"

namespace switchboard::tests::push {

// What a push plugin reported through done.
struct SendResult {
    sb_push_outcome outcome = SB_PUSH_RETRY;
    int32_t http_status = 0;
    std::string reason;
    int64_t retry_after_ms = 0;
};

// One push plugin loaded through the SDK's TestHost (as the server loads it),
// with send-and-wait helpers standing in for the kernel's outbox worker.
class PushHarness {
public:
    explicit PushHarness(const std::string& plugin_path) : host(plugin_path) {}

    sdk::testing::TestHost host;

    // send(); returns its status (SB_OK: a result will arrive).
    sb_status send(const TestNotification& n);
    // send() and wait for its result; throws when send refuses or nothing arrives in `timeout`.
    SendResult send_and_wait(const TestNotification& n, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // Waits until `count` results arrived in all (since the start); returns them in arrival order.
    std::vector<SendResult> wait_for(size_t count, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // Every done call counted, to check none came twice.
    size_t done_calls() const;

private:
    static void on_done(void* ctx, const sb_push_result* result);

    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<SendResult> results_;
};

}  // namespace switchboard::tests::push
