#pragma once

#include <string>

#include "switchboard/sdk/push.hpp"

namespace switchboard::plugins::push_fcm {

// The HTTP v1 request body {"message": {...}} of one notification:
//   token; data: the app data's top-level fields as strings, plus
//   notification_id, category, conversation_id, call_id and badge;
//   notification {title, body}: messages and missed calls that have text
//   (calls and their dismissals are data-only: the app rings or stops);
//   android {priority HIGH for high-priority notifications else NORMAL,
//   ttl "<n>s", collapse_key, notification {tag, notification_count}};
//   apns {headers apns-priority/apns-collapse-id, payload aps.badge} for iOS apps on FCM.
class FcmMessage {
public:
    static std::string build(const sdk::Notification& n);
};

}  // namespace switchboard::plugins::push_fcm
