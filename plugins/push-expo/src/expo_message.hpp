#pragma once

#include <nlohmann/json.hpp>

#include "switchboard/sdk/push.hpp"

namespace switchboard::plugins::push_expo {

// One Expo push message: {to, title?, body?, data, sound, badge?, ttl?,
// priority}. data carries the app data and notification_id,
// category, conversation_id, call_id, collapse_key. Calls and dismissals are
// data-only (the app rings or stops); priority "high" for high-priority
// notifications, else "normal".
class ExpoMessage {
public:
    static nlohmann::json build(const sdk::Notification& n);
    // ExponentPushToken[…] or ExpoPushToken[…]
    static bool is_expo_token(std::string_view token);
};

}  // namespace switchboard::plugins::push_expo
