#pragma once

#include <atomic>
#include <mutex>
#include <vector>

#include <nlohmann/json.hpp>

#include "expo_config.hpp"
#include "receipt_poller.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http2_client.hpp"

namespace switchboard::plugins::push_expo {

// The push.expo plugin instance: notifications are gathered into batches of
// up to batch_size messages (sent when full, or batch_delay after the first),
// each batch one request; tickets are reported per message and delivered
// ones tracked for their receipts, whose dead tokens go to the host's
// push_dead_token (ABI 1.3).
class ExpoPush : public sdk::PushPlugin<ExpoPush> {
public:
    explicit ExpoPush(const sdk::Host& host);

    void start();
    void stop();

    sb_status send(const sdk::Notification& n, sdk::PushDone done);

private:
    struct Queued {
        nlohmann::json message;
        std::string token;
        sdk::PushDone done;
    };

    void flush_current();
    void flush(std::vector<Queued> batch);

    sdk::Host host_;
    ExpoConfig config_;
    sdk::push::Http2Client client_;
    ReceiptPoller receipts_;
    std::atomic<bool> running_{false};
    std::atomic<size_t> unanswered_{0};  // queued or on the wire, bounded by max_queue
    std::mutex mutex_;
    std::vector<Queued> batch_;
};

}  // namespace switchboard::plugins::push_expo
