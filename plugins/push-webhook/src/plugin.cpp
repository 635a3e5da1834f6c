// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/push/client_options.hpp"
#include "webhook_push.hpp"

namespace {

using switchboard::sdk::option;
using switchboard::sdk::push::ClientOptions;

const sb_option kOptions[] = {
    option("url", SB_OPT_STRING, nullptr, true, "Where each notification is POSTed as JSON (http:// or https://)"),
    option("secret", SB_OPT_STRING, nullptr, true,
           "HMAC-SHA256 key of the X-Switchboard-Signature header (at least 16 bytes; share it with the receiver)"),
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

SB_DECLARE_PLUGIN(switchboard::plugins::push_webhook::WebhookPush, "push.webhook", "1.0.0",
                  "Push provider: POSTs each notification as JSON to an integrator's URL, signed with HMAC-SHA256",
                  kOptions)
