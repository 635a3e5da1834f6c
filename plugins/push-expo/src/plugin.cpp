// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "expo_push.hpp"
#include "switchboard/sdk/plugin.hpp"
#include "switchboard/sdk/push/client_options.hpp"

namespace {

using switchboard::sdk::option;
using switchboard::sdk::push::ClientOptions;

constexpr int64_t kHour = 3'600'000;

const sb_option kOptions[] = {
    option("url", SB_OPT_STRING, "https://exp.host/--/api/v2/push/send", false, "Expo's push send endpoint"),
    option("receipts_url", SB_OPT_STRING, "https://exp.host/--/api/v2/push/getReceipts", false,
           "Expo's push receipts endpoint"),
    option("access_token", SB_OPT_STRING, "", false,
           "Expo access token (Authorization: Bearer) when the project requires enhanced push security; empty: none"),
    option("batch_size", SB_OPT_INT, "100", false, "Messages per request (Expo accepts up to 100)", 1, 100),
    option("batch_delay", SB_OPT_DURATION, "20ms", false,
           "How long the first message of a batch waits for others before the batch is sent", 0, 10'000),
    option("receipt_delay", SB_OPT_DURATION, "15m", false,
           "When to fetch a delivered message's receipt (Expo: receipts are ready within about 15 minutes)", 0,
           24 * kHour),
    ClientOptions::ca_file(),
    ClientOptions::timeout(),
    ClientOptions::connect_timeout(),
    ClientOptions::max_queue(),
    ClientOptions::max_in_flight(),
    ClientOptions::max_streams_per_connection(),
    ClientOptions::max_connections(),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::push_expo::ExpoPush, "push.expo", "1.0.0",
                  "Push provider: the Expo push API, batched, with receipts for dead tokens", kOptions)
