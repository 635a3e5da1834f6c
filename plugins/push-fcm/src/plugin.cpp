// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "fcm_push.hpp"
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/push/client_options.hpp"

namespace {

using switchboard::sdk::option;
using switchboard::sdk::push::ClientOptions;

const sb_option kOptions[] = {
    option("service_account_file", SB_OPT_STRING, nullptr, true,
           "The service account's JSON key file (Firebase console: Project settings, Service accounts)"),
    option("project_id", SB_OPT_STRING, "", false, "Firebase project id; empty: the service account's project_id"),
    option("endpoint", SB_OPT_STRING, "https://fcm.googleapis.com", false,
           "Base URL of the FCM HTTP v1 API (sends go to {endpoint}/v1/projects/{project_id}/messages:send)"),
    option("token_uri", SB_OPT_STRING, "", false,
           "OAuth2 token endpoint; empty: the service account's token_uri (https://oauth2.googleapis.com/token)"),
    option("token_refresh_margin", SB_OPT_DURATION, "5m", false,
           "Fetch a new access token this long before the cached one expires", 0, 1'800'000),
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

SB_DECLARE_PLUGIN(switchboard::plugins::push_fcm::FcmPush, "push.fcm", "1.0.0",
                  "Push provider: Firebase Cloud Messaging, HTTP v1 API with a service account's OAuth2 token",
                  kOptions)
