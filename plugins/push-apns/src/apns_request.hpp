#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "apns_config.hpp"
#include "switchboard/sdk/push.hpp"
#include "switchboard/sdk/push/http_request.hpp"

namespace switchboard::plugins::push_apns {

// The provider-API request of one notification: POST
// {production_url|sandbox_url}/3/device/{token} — the device's "environment"
// extra picks the host, default_environment otherwise — with
//   apns-push-type / apns-topic / apns-priority:
//     calls and their dismissals to a device that registered a "voip_token":
//       voip / <bundle>.voip / 10, to that token (PushKit wakes the app to ring or stop);
//     notifications with a title or body (messages, missed calls, calls
//       without a VoIP token): alert / <bundle> / 10;
//     without text (hidden-content mode, dismissals without a VoIP token):
//       background / <bundle> / 5 with content-available;
//   apns-expiration: now + ttl when the notification has one;
//   apns-collapse-id: the collapse key (at most 64 bytes);
//   apns-id: a UUID hashed from the notification id, the same on every attempt;
// and the payload {"aps": {...alert, badge, sound, thread-id}, "notification_id",
// "category", "conversation_id", "call_id", "data": the app data}.
class ApnsRequest {
public:
    explicit ApnsRequest(const ApnsConfig& config) : config_(config) {}

    // nullopt when the device token to use is not hex (APNs would answer BadDeviceToken).
    std::optional<sdk::push::HttpRequest> build(const sdk::Notification& n, const std::string& provider_token,
                                                int64_t unix_seconds) const;

private:
    const ApnsConfig& config_;
};

}  // namespace switchboard::plugins::push_apns
