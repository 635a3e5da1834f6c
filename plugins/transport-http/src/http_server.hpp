#pragma once

#include <microhttpd.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "cors_policy.hpp"
#include "exchange.hpp"
#include "http_config.hpp"
#include "rate_limiter.hpp"
#include "static_files.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::transport_http {

// The libmicrohttpd daemon and every endpoint (docs/protocol.md, "HTTP"):
// /v1/rpc, /v1/attachments, /v1/server/…, /healthz, /readyz, /metrics and
// the static files. MHD's threads read requests; what needs the kernel goes
// through the host table and the connection is suspended until the answer
// comes back (deliver), so no MHD thread ever waits on the kernel.
class HttpServer {
public:
    HttpServer(const sdk::Host& host, HttpConfig config);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds and starts the threads; throws sdk::Error when it cannot listen.
    void start();
    // Answers what waits with 503, closes every connection (reporting
    // conn_closed for each host connection) and joins the threads.
    void stop();

    // From any host thread: the answer to host connection `conn` (one request).
    sb_status answer(uint64_t conn, sb_payload* payload, sb_status refusal);
    void close(uint64_t conn, std::string_view reason);

private:
    static MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                                 const char* version, const char* upload_data, size_t* upload_data_size,
                                 void** con_cls);
    static void on_completed(void* cls, MHD_Connection* connection, void** con_cls, MHD_RequestTerminationCode toe);
    static MHD_Result on_form_data(void* cls, MHD_ValueKind kind, const char* key, const char* filename,
                                   const char* content_type, const char* transfer_encoding, const char* data,
                                   uint64_t off, size_t size);

    MHD_Result handle(MHD_Connection* connection, std::string_view url, std::string_view method,
                      std::string_view data, size_t* data_size, void** con_cls);
    void begin(Exchange& ex, std::string_view path, std::string_view method);
    void begin_rpc(Exchange& ex);
    void begin_server_api(Exchange& ex, std::string_view path, std::string_view method);
    void begin_upload(Exchange& ex);
    void begin_download(Exchange& ex, std::string_view path);
    void read_body(Exchange& ex, std::string_view data);
    bool write_upload(Exchange& ex, std::string_view data);
    // The request is read: start what answers it.
    void complete(const std::shared_ptr<Exchange>& ex);
    void send_to_kernel(const std::shared_ptr<Exchange>& ex, const std::string& envelope, const std::string& api_key);
    MHD_Result queue(Exchange& ex);
    void finished(const std::shared_ptr<Exchange>& ex);

    std::optional<std::string_view> header(const Exchange& ex, const char* name) const;
    std::optional<std::string_view> argument(const Exchange& ex, const char* name) const;
    std::string remote_address(const Exchange& ex) const;
    // The token of "Authorization: Bearer <token>"; empty when absent; nullopt for another scheme.
    std::optional<std::string> bearer(const Exchange& ex) const;
    // Content-Type is application/json (parameters aside), or absent when `absent_ok`.
    bool json_content(const Exchange& ex, bool absent_ok) const;
    static const char* route_name(Exchange::Route route);

    sdk::Host host_;
    HttpConfig config_;
    CorsPolicy cors_;
    StaticFiles static_files_;
    RateLimiter limiter_;
    MHD_Daemon* daemon_ = nullptr;
    uint16_t port_ = 0;
    sdk::Metric requests_;
    sdk::Metric request_seconds_;
    sdk::Metric upload_bytes_;

    std::mutex mutex_;
    std::unordered_map<uint64_t, std::shared_ptr<Exchange>> by_conn_;
    std::unordered_set<std::shared_ptr<Exchange>> live_;
};

}  // namespace switchboard::plugins::transport_http
