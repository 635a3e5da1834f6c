// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/push/client_options.hpp"
#include "webpush_push.hpp"

namespace {

using switchboard::sdk::option;
using switchboard::sdk::push::ClientOptions;

constexpr int64_t kDay = 86'400'000;

const sb_option kOptions[] = {
    option("vapid_public_key", SB_OPT_STRING, "", false,
           "VAPID public key, base64url (the applicationServerKey the web app subscribes with); derived when empty"),
    option("vapid_private_key", SB_OPT_STRING, "", false,
           "VAPID private key, base64url 32 bytes (switchboard-webpush-keys prints a new pair); or use the file"),
    option("vapid_private_key_file", SB_OPT_STRING, "", false,
           "PEM file of an EC P-256 private key, instead of vapid_private_key"),
    option("subject", SB_OPT_STRING, nullptr, true,
           "VAPID contact of the operator: a mailto: or https: URI (push services write there about problems)"),
    option("default_ttl", SB_OPT_DURATION, "1d", false,
           "TTL of notifications that have none: how long the push service keeps one for an offline browser", 0,
           28 * kDay),
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

SB_DECLARE_PLUGIN(switchboard::plugins::push_webpush::WebPushPush, "push.webpush", "1.0.0",
                  "Push provider: Web Push (RFC 8030) with aes128gcm encryption (RFC 8291) and VAPID (RFC 8292)",
                  kOptions)
