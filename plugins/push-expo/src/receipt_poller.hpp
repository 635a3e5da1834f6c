#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "expo_config.hpp"
#include "switchboard/sdk/push/http2_client.hpp"

namespace switchboard::plugins::push_expo {

// Fetches the push receipts of delivered tickets `receipt_delay` after their
// ticket (up to 1000 ids a request): a receipt with DeviceNotRegistered
// reports its token dead through `on_dead`. A receipt not ready yet, or a
// failed request, is asked again a delay later, three times at most.
// Runs on the client's thread only (track() from send callbacks, polls as
// posted tasks), so it needs no lock.
class ReceiptPoller {
public:
    using OnDead = std::function<void(const std::string& token)>;

    ReceiptPoller(sdk::push::Http2Client& client, const ExpoConfig& config, OnDead on_dead)
        : client_(client), config_(config), on_dead_(std::move(on_dead)) {}

    void track(std::string receipt_id, std::string token);
    // From any thread, before the client stops: no more polls (receipts are advisory).
    void stop() { stopped_ = true; }

private:
    using Clock = std::chrono::steady_clock;
    struct Pending {
        std::string id;
        std::string token;
        int attempts = 0;
        Clock::time_point due;
    };
    static constexpr size_t kMaxIds = 1000;
    static constexpr int kMaxAttempts = 3;

    void schedule();
    void poll();
    void retry_later(std::vector<Pending> batch);

    sdk::push::Http2Client& client_;
    const ExpoConfig& config_;
    OnDead on_dead_;
    std::vector<Pending> pending_;
    bool scheduled_ = false;
    std::atomic<bool> stopped_{false};
};

}  // namespace switchboard::plugins::push_expo
