// The plugin's entry point and its declared options (validated by the host
// against the YAML section, printed by `switchboard --describe-plugin`).
#include "http_transport.hpp"
#include "switchboard/sdk/plugin.hpp"

namespace {

using switchboard::sdk::option;

constexpr int64_t kSecond = 1000;
constexpr int64_t kDay = 86'400 * kSecond;
constexpr int64_t kGiB = int64_t{1} << 30;

const sb_option kOptions[] = {
    option("host", SB_OPT_STRING, "127.0.0.1", false, "IPv4 or IPv6 address to listen on (0.0.0.0 or :: for all)"),
    option("port", SB_OPT_INT, "8080", false, "TCP port; 0 picks a free port and logs it", 0, 65535),
    option("threads", SB_OPT_INT, "2", false, "Threads serving connections (each polls its share of them)", 1, 64),
    option("max_connections", SB_OPT_INT, "1024", false,
           "Concurrent connections; beyond it new ones are closed at once", 1, 1'000'000),
    option("per_ip_connections", SB_OPT_INT, "0", false,
           "Concurrent connections from one address; 0 = no limit (behind a reverse proxy all clients share its address)",
           0, 1'000'000),
    option("connection_timeout", SB_OPT_DURATION, "30s", false,
           "Close a connection idle this long, including a client that stops sending its request (slow clients)",
           kSecond, kDay),
    option("max_body_size", SB_OPT_SIZE, "256KiB", false,
           "Largest body of /v1/rpc and server-API requests (uploads have attachments.max_size); more gets 413", 64,
           kGiB),
    option("static_dir", SB_OPT_STRING, "", false,
           "Directory served at / (the web app: index.html for /); empty serves no files"),
    option("static_max_age", SB_OPT_DURATION, "1d", false,
           "Cache-Control max-age of static files other than HTML pages (those are revalidated every time)", 0,
           365 * kDay),
    option("allowed_origins", SB_OPT_STRING_LIST, nullptr, false,
           "Origins allowed to call the API from a browser (CORS), exact, or \"*\" for any; empty sends no CORS "
           "headers"),
    option("cors_max_age", SB_OPT_DURATION, "10m", false, "How long browsers may cache a CORS preflight answer", 0,
           kDay),
    option("rate_limit.requests_per_second", SB_OPT_INT, "50", false,
           "Sustained API requests per second from one address (beyond: 429); 0 = no limit", 0, 1'000'000),
    option("rate_limit.burst", SB_OPT_INT, "100", false, "API requests one address may send at once above the rate", 1,
           10'000'000),
    option("metrics", SB_OPT_BOOL, "true", false, "Serve /metrics (Prometheus text format)"),
};

}  // namespace

SB_DECLARE_PLUGIN(switchboard::plugins::transport_http::HttpTransport, "transport.http", "1.0.0",
                  "HTTP transport (POST /v1/rpc, attachments, server API, health, metrics, static files) built on "
                  "libmicrohttpd",
                  kOptions)
