// The plugin's entry point and its declared options. The host validates the
// plugin's YAML section against these before create(), and
// `switchboard --describe-plugin example.line` prints them.
#include "switchboard/sdk/plugin.hpp"

#include "line_transport.hpp"

namespace {

using switchboard::sdk::option;

constexpr int64_t kGiB = int64_t{1} << 30;

const sb_option kOptions[] = {
    option("host", SB_OPT_STRING, "127.0.0.1", false, "IPv4 address to listen on (0.0.0.0 for all)"),
    option("port", SB_OPT_INT, "7070", false, "TCP port; 0 picks a free port and logs it", 0, 65535),
    option("max_line_bytes", SB_OPT_SIZE, "256KiB", false,
           "Longest request line; a client sending a longer one is disconnected", 2, kGiB),
    option("max_send_queue", SB_OPT_SIZE, "4MiB", false,
           "Bytes queued for one client; beyond it the client is disconnected", 1024, kGiB),
};

}  // namespace

SB_DECLARE_PLUGIN(example::line::LineTransport, "example.line", "1.0.0",
                  "Example transport: one JSON envelope per line over plain TCP", kOptions)
