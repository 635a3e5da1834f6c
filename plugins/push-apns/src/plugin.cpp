// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "apns_push.hpp"
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/push/client_options.hpp"

namespace {

using switchboard::sdk::option;
using switchboard::sdk::push::ClientOptions;

constexpr int64_t kMinute = 60'000;

const sb_option kOptions[] = {
    option("key_file", SB_OPT_STRING, nullptr, true, "The APNs signing key (.p8 file from the Apple developer account)"),
    option("key_id", SB_OPT_STRING, nullptr, true, "Its 10-character key id (kid)"),
    option("team_id", SB_OPT_STRING, nullptr, true, "The 10-character team id (iss)"),
    option("bundle_id", SB_OPT_STRING, nullptr, true,
           "The app's bundle id: apns-topic of alerts, '<bundle_id>.voip' of VoIP pushes"),
    option("production_url", SB_OPT_STRING, "https://api.push.apple.com", false,
           "Provider API of devices registered with environment 'production'"),
    option("sandbox_url", SB_OPT_STRING, "https://api.sandbox.push.apple.com", false,
           "Provider API of devices registered with environment 'sandbox' (development builds)"),
    option("default_environment", SB_OPT_STRING, "production", false,
           "Environment of devices that registered none", 0, 0, "production|sandbox"),
    option("token_refresh", SB_OPT_DURATION, "40m", false,
           "Age at which the provider token is signed anew (Apple: between 20 and 60 minutes)", 20 * kMinute,
           55 * kMinute),
    ClientOptions::ca_file(),
    ClientOptions::timeout(),
    ClientOptions::connect_timeout(),
    ClientOptions::max_queue(),
    ClientOptions::max_in_flight(),
    ClientOptions::max_streams_per_connection(),
    ClientOptions::max_connections(),
    ClientOptions::client_threads(),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::push_apns::ApnsPush, "push.apns", "1.0.0",
                  "Push provider: Apple Push Notification service (HTTP/2 provider API, ES256 token; alert, "
                  "background and VoIP pushes)",
                  kOptions)
