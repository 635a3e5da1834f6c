// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "switchboard/sdk/plugin.hpp"

#include "websocket_transport.hpp"

namespace {

using switchboard::sdk::option;

constexpr int64_t kSecond = 1000;
constexpr int64_t kDay = 86'400 * kSecond;
constexpr int64_t kGiB = int64_t{1} << 30;

const sb_option kOptions[] = {
    option("host", SB_OPT_STRING, "127.0.0.1", false,
           "Address to listen on: an IPv4/IPv6 address (0.0.0.0 or :: for all) or an interface name"),
    option("port", SB_OPT_INT, "8081", false, "TCP port; 0 picks a free port and logs it", 0, 65535),
    option("path", SB_OPT_STRING, "/v1/ws", false, "URL path of the WebSocket endpoint; other paths get HTTP 404"),
    option("tls.cert_file", SB_OPT_STRING, nullptr, false,
           "PEM certificate (chain) file; with tls.key_file serves wss:// instead of ws://"),
    option("tls.key_file", SB_OPT_STRING, nullptr, false, "PEM private key file for tls.cert_file"),
    option("ping_interval", SB_OPT_DURATION, "25s", false,
           "Ping a connection after this long without input from it (and again after each further interval)",
           kSecond, kDay),
    option("idle_timeout", SB_OPT_DURATION, "60s", false,
           "Drop a connection that sent nothing (no message, no pong) this long; longer than ping_interval",
           2 * kSecond, kDay),
    option("max_message_size", SB_OPT_SIZE, "256KiB", false,
           "Largest incoming message; a bigger one is answered too_large and the connection closed (1009)", 1,
           kGiB),
    option("max_send_queue", SB_OPT_SIZE, "4MiB", false,
           "Bytes queued for one connection; beyond it send() fails busy and the connection is closed (1008)", 1,
           kGiB),
    option("allowed_origins", SB_OPT_STRING_LIST, nullptr, false,
           "Origin header values accepted in the handshake (exact match); empty accepts any, others get HTTP 403"),
    option("max_connections", SB_OPT_INT, "20000", false,
           "Concurrent WebSocket connections; beyond it the handshake gets HTTP 503", 1, 10'000'000),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::transport_websocket::WebSocketTransport, "transport.websocket", "1.0.0",
                  "WebSocket transport (ws:// and wss://) built on libwebsockets", kOptions)
