#include "http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdarg>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "switchboard/sdk/json_nesting.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::plugins::transport_http {

using nlohmann::json;

namespace {

constexpr size_t kFormBuffer = 64 * 1024;
// The server API's JSON bodies are wrapped into an envelope here (a copy and
// a dump, both recursive): deeper nesting is refused before parsing, as the
// kernel refuses it in any request.
constexpr size_t kMaxBodyNesting = 30;

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// %XX sequences decoded (X-Filename carries a UTF-8 name that way); other text unchanged.
std::string percent_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        unsigned value = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr == text.data() + i + 3) {
            out.push_back(static_cast<char>(value));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::optional<uint64_t> content_length(std::optional<std::string_view> text) {
    if (!text) return std::nullopt;
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size()) return std::nullopt;
    return value;
}

// The HTTP status for a status the host answered an attachment call with.
unsigned status_for(sb_status status, bool upload_begin) {
    switch (status) {
        case SB_ERR_UNAUTHORIZED: return 401;
        case SB_ERR_FORBIDDEN: return 403;
        case SB_ERR_NOT_FOUND: return 404;
        case SB_ERR_TOO_LARGE: return 413;
        case SB_ERR_BAD_REQUEST: return upload_begin ? 415 : 400;  // upload_begin: a content type not allowed
        case SB_ERR_RATE_LIMITED: return 429;
        case SB_ERR_UNAVAILABLE:
        case SB_ERR_BUSY: return 503;
        default: return 500;
    }
}

const char* code_for(unsigned status) {
    switch (status) {
        case 400: return "bad_request";
        case 401: return "unauthorized";
        case 403: return "forbidden";
        case 404: return "not_found";
        case 409: return "conflict";
        case 413: return "too_large";
        case 415: return "bad_request";
        case 429: return "rate_limited";
        case 503: return "unavailable";
        default: return "internal";
    }
}

Reply host_error(sb_status status, const char* message, bool upload_begin = false) {
    unsigned http = status_for(status, upload_begin);
    return Reply::error(http, code_for(http), message ? message : "");
}

// The context of an asynchronous host call: keeps the exchange alive until the host answers.
struct Pending {
    std::shared_ptr<Exchange> exchange;
    bool thumbnail = false;
};

json attachment_json(const sb_attachment& raw) {
    sb_attachment a = sdk::read_record(raw);
    std::string id(sdk::to_view(a.attachment_id));
    json out{{"attachment_id", id},
             {"size", a.size},
             {"content_type", sdk::to_view(a.content_type)},
             {"sha256", sdk::to_view(a.sha256)},
             {"has_thumbnail", a.has_thumbnail != 0},
             {"url", "/v1/attachments/" + id}};
    if (a.filename.len) out["filename"] = sdk::to_view(a.filename);
    if (a.width && a.height) {
        out["width"] = a.width;
        out["height"] = a.height;
    }
    if (a.has_thumbnail) out["thumbnail_url"] = "/v1/attachments/" + id + "/thumbnail";
    return out;
}

}  // namespace

HttpServer::HttpServer(const sdk::Host& host, HttpConfig config)
    : host_(host),
      config_(std::move(config)),
      cors_(config_.allowed_origins, config_.cors_max_age),
      static_files_(config_.static_dir, config_.static_max_age),
      limiter_(config_.rate_per_second, config_.rate_burst) {
    static const char* const kRouteStatus[] = {"route", "status"};
    static const char* const kRoute[] = {"route"};
    requests_ = sdk::Metric(host_, sb_metric_spec{sizeof(sb_metric_spec), "switchboard_http_requests_total",
                                                 "HTTP requests answered, by route and status", SB_METRIC_COUNTER,
                                                 kRouteStatus, 2, nullptr, 0});
    request_seconds_ = sdk::Metric(host_, sb_metric_spec{sizeof(sb_metric_spec), "switchboard_http_request_duration_seconds",
                                                        "Time from an HTTP request's headers to its response, by route",
                                                        SB_METRIC_HISTOGRAM, kRoute, 1, nullptr, 0});
    upload_bytes_ = sdk::Metric(host_, sb_metric_spec{sizeof(sb_metric_spec), "switchboard_http_upload_bytes_total",
                                                     "Bytes of attachments received", SB_METRIC_COUNTER, nullptr, 0,
                                                     nullptr, 0});
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    const sockaddr* address;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
    if (inet_pton(AF_INET, config_.host.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(config_.port);
        address = reinterpret_cast<const sockaddr*>(&v4);
    } else {
        inet_pton(AF_INET6, config_.host.c_str(), &v6.sin6_addr);
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(config_.port);
        address = reinterpret_cast<const sockaddr*>(&v6);
        flags |= MHD_USE_IPv6;
    }
    auto log = [](void* cls, const char* format, va_list args) {
        char text[512];
        std::vsnprintf(text, sizeof text, format, args);
        std::string_view line(text);
        while (!line.empty() && line.back() == '\n') line.remove_suffix(1);
        static_cast<HttpServer*>(cls)->host_.debug(std::string("libmicrohttpd: ") + std::string(line));
    };
    std::vector<MHD_OptionItem> options = {
        {MHD_OPTION_SOCK_ADDR, 0, const_cast<sockaddr*>(address)},
        {MHD_OPTION_NOTIFY_COMPLETED, reinterpret_cast<intptr_t>(&HttpServer::on_completed), this},
        {MHD_OPTION_CONNECTION_LIMIT, static_cast<intptr_t>(config_.max_connections), nullptr},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<intptr_t>(config_.per_ip_connections), nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, static_cast<intptr_t>(config_.connection_timeout.count()), nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(64 * 1024), nullptr},
        {MHD_OPTION_EXTERNAL_LOGGER, reinterpret_cast<intptr_t>(+log), this},
    };
    if (config_.threads > 1)
        options.push_back({MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(config_.threads), nullptr});
    options.push_back({MHD_OPTION_END, 0, nullptr});
    daemon_ = MHD_start_daemon(flags, config_.port, nullptr, nullptr, &HttpServer::on_request, this, MHD_OPTION_ARRAY,
                               options.data(), MHD_OPTION_END);
    if (!daemon_)
        throw sdk::Error(SB_ERR_UNAVAILABLE, "cannot listen on " + config_.url(config_.port) + ": " +
                                                 (errno ? std::strerror(errno) : "libmicrohttpd refused to start"));
    const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
    port_ = info ? info->port : config_.port;
    host_.info("listening on " + config_.url(port_) + (static_files_.enabled() ? ", serving " + config_.static_dir : ""));
}

void HttpServer::stop() {
    if (!daemon_) return;
    MHD_socket listener = MHD_quiesce_daemon(daemon_);
    if (listener != MHD_INVALID_SOCKET) ::close(listener);
    // MHD may not stop with suspended connections: answer them, then let its threads queue those answers.
    std::vector<std::shared_ptr<Exchange>> live;
    {
        std::lock_guard lock(mutex_);
        live.assign(live_.begin(), live_.end());
    }
    for (auto& ex : live) ex->deliver(Reply::error(503, "unavailable", "the server is shutting down"));
    live.clear();
    // Let those answers go out; a client still sending its request is cut at the deadline.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard lock(mutex_);
            if (live_.empty()) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
    // Whatever MHD did not report as completed is closed now, exactly once.
    std::unordered_map<uint64_t, std::shared_ptr<Exchange>> left;
    {
        std::lock_guard lock(mutex_);
        left.swap(by_conn_);
        live_.clear();
    }
    for (auto& [conn, ex] : left) host_.conn_closed(conn);
    host_.info("stopped");
}

// ---- MHD callbacks

MHD_Result HttpServer::on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                                  const char*, const char* upload_data, size_t* upload_data_size, void** con_cls) {
    auto* self = static_cast<HttpServer*>(cls);
    std::string_view data = upload_data ? std::string_view(upload_data, *upload_data_size) : std::string_view();
    return self->handle(connection, url ? url : "/", method ? method : "", data, upload_data_size, con_cls);
}

void HttpServer::on_completed(void* cls, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
    auto* holder = static_cast<std::shared_ptr<Exchange>*>(*con_cls);
    if (!holder) return;
    static_cast<HttpServer*>(cls)->finished(*holder);
    delete holder;
    *con_cls = nullptr;
}

MHD_Result HttpServer::handle(MHD_Connection* connection, std::string_view url, std::string_view method,
                              std::string_view data, size_t* data_size, void** con_cls) {
    if (*con_cls == nullptr) {
        auto ex = std::make_shared<Exchange>(connection);
        ex->server = this;
        *con_cls = new std::shared_ptr<Exchange>(ex);
        {
            std::lock_guard lock(mutex_);
            live_.insert(ex);
        }
        begin(*ex, url, method);
        return ex->early ? queue(*ex) : MHD_YES;
    }
    std::shared_ptr<Exchange> ex = *static_cast<std::shared_ptr<Exchange>*>(*con_cls);
    if (*data_size > 0) {
        if (!ex->early) read_body(*ex, data);
        *data_size = 0;
        return ex->early && !ex->queued ? queue(*ex) : MHD_YES;
    }
    if (ex->queued) return MHD_YES;
    if (ex->early) return queue(*ex);
    if (!ex->completed) {
        ex->completed = true;
        complete(ex);
        if (ex->early) return queue(*ex);
    }
    return ex->reply_ready_or_suspend() ? queue(*ex) : MHD_YES;
}

// ---- reading a request

void HttpServer::begin(Exchange& ex, std::string_view path, std::string_view method) {
    bool get = method == "GET" || method == "HEAD";
    auto only_get = [&] {
        if (get) return true;
        ex.early = Reply::error(405, "bad_request", "use GET").header("Allow", "GET, HEAD");
        return false;
    };
    if (method == "OPTIONS") {
        ex.route = Exchange::Route::preflight;
        auto origin = header(ex, "Origin");
        if (origin && header(ex, "Access-Control-Request-Method")) {
            ex.early = cors_.preflight(*origin);
        } else {
            Reply allow;
            allow.status = 204;
            allow.header("Allow", "GET, HEAD, POST, PUT, OPTIONS");
            ex.early = allow;
        }
        return;
    }
    if (path == "/healthz") {
        ex.route = Exchange::Route::healthz;
        if (only_get()) ex.early = Reply::json(200, R"({"status":"ok"})");
        return;
    }
    if (path == "/readyz") {
        ex.route = Exchange::Route::readyz;
        only_get();
        return;
    }
    if (path == "/metrics") {
        ex.route = Exchange::Route::metrics;
        if (!config_.serve_metrics) {
            ex.early = Reply::error(404, "not_found", "metrics are off (transport.http metrics: false)");
        } else if (only_get()) {
            sdk::PayloadRef text = sdk::PayloadRef::adopt(host_, host_.metrics_render());
            Reply reply;
            reply.body = std::string(text.bytes());
            reply.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            reply.header("Cache-Control", "no-store");
            ex.early = std::move(reply);
        }
        return;
    }
    if (path.substr(0, 4) == "/v1/") {
        std::string address = remote_address(ex);
        if (!limiter_.allow(address.substr(0, address.rfind(':')))) {
            ex.early = Reply::error(429, "rate_limited", "too many requests from this address; slow down");
            return;
        }
        if (path == "/v1/rpc") {
            ex.route = Exchange::Route::rpc;
            if (method != "POST") {
                ex.early = Reply::error(405, "bad_request", "use POST", true).header("Allow", "POST");
                return;
            }
            return begin_rpc(ex);
        }
        if (path == "/v1/attachments") {
            ex.route = Exchange::Route::upload;
            if (method != "POST") {
                ex.early = Reply::error(405, "bad_request", "use POST").header("Allow", "POST");
                return;
            }
            return begin_upload(ex);
        }
        if (path.substr(0, 16) == "/v1/attachments/") {
            ex.route = path.size() > 10 && path.substr(path.size() - 10) == "/thumbnail" ? Exchange::Route::thumbnail
                                                                                         : Exchange::Route::download;
            if (only_get()) begin_download(ex, path);
            return;
        }
        if (path.substr(0, 11) == "/v1/server/") {
            ex.route = Exchange::Route::server_api;
            return begin_server_api(ex, path, method);
        }
        ex.early = Reply::error(404, "not_found", "no such endpoint");
        return;
    }
    ex.route = Exchange::Route::static_file;
    if (!static_files_.enabled()) {
        ex.early = Reply::error(404, "not_found", "no such endpoint");
        return;
    }
    if (only_get()) ex.early = static_files_.serve(path, header(ex, "If-None-Match"));
}

void HttpServer::begin_rpc(Exchange& ex) {
    if (!json_content(ex, false)) {
        ex.early = Reply::error(415, "bad_request", "send the envelope as Content-Type: application/json", true);
        return;
    }
    auto length = content_length(header(ex, "Content-Length"));
    if (length && *length > config_.max_body_size) {
        ex.early = Reply::error(413, "too_large", "the body is larger than " + std::to_string(config_.max_body_size) + " bytes", true);
        return;
    }
    auto token = bearer(ex);
    if (!token) {
        ex.early = Reply::error(401, "unauthorized", "use Authorization: Bearer <token>", true);
        return;
    }
    ex.token = *token;
}

void HttpServer::begin_server_api(Exchange& ex, std::string_view path, std::string_view method) {
    std::string allowed;
    ex.server_api = ServerApiRoute::match(method, path, argument(ex, "user_id"), &allowed);
    if (!ex.server_api) {
        ex.early = allowed.empty() ? Reply::error(404, "not_found", "no such endpoint")
                                   : Reply::error(405, "bad_request", "use " + allowed).header("Allow", allowed);
        return;
    }
    auto length = content_length(header(ex, "Content-Length"));
    if (length && *length > config_.max_body_size)
        ex.early = Reply::error(413, "too_large", "the body is larger than " + std::to_string(config_.max_body_size) + " bytes");
}

void HttpServer::begin_upload(Exchange& ex) {
    auto token = bearer(ex);
    if (!token || token->empty()) {
        ex.early = Reply::error(401, "unauthorized", "an access token is required (Authorization: Bearer <token>)");
        return;
    }
    ex.token = *token;
    std::string type(header(ex, "Content-Type").value_or(""));
    if (lower(type).rfind("multipart/form-data", 0) == 0) {
        ex.post_processor = MHD_create_post_processor(ex.connection, kFormBuffer, &HttpServer::on_form_data, &ex);
        if (!ex.post_processor) ex.early = Reply::error(400, "bad_request", "malformed multipart/form-data header");
        return;
    }
    std::string filename = percent_decode(header(ex, "X-Filename").value_or(argument(ex, "filename").value_or("")));
    auto length = content_length(header(ex, "Content-Length"));
    sb_upload_info info{sizeof(sb_upload_info), sdk::to_sb(ex.token), sdk::to_sb(type), sdk::to_sb(filename),
                        length ? static_cast<int64_t>(*length) : -1};
    sdk::ErrorBuffer err;
    ex.upload = host_.upload_begin(info, err.get());
    if (!ex.upload) ex.early = host_error(err.status(), err.message(), true);
}

void HttpServer::begin_download(Exchange& ex, std::string_view path) {
    std::string_view rest = path.substr(16);
    if (ex.route == Exchange::Route::thumbnail) rest.remove_suffix(10);
    if (rest.empty() || rest.find('/') != std::string_view::npos) {
        ex.early = Reply::error(404, "not_found", "no such endpoint");
        return;
    }
    ex.attachment_id = rest;
    auto token = bearer(ex);
    if (!token) {
        ex.early = Reply::error(401, "unauthorized", "use Authorization: Bearer <token>");
        return;
    }
    // Browsers cannot put headers on <img src>: the token may come as ?access_token= instead.
    ex.token = token->empty() ? std::string(argument(ex, "access_token").value_or("")) : *token;
    if (ex.token.empty())
        ex.early = Reply::error(401, "unauthorized",
                                "an access token is required (Authorization: Bearer <token>, or ?access_token=)");
}

void HttpServer::read_body(Exchange& ex, std::string_view data) {
    switch (ex.route) {
        case Exchange::Route::rpc:
        case Exchange::Route::server_api:
            if (ex.body.size() + data.size() > config_.max_body_size) {
                ex.early = Reply::error(413, "too_large", "the body is larger than " + std::to_string(config_.max_body_size) + " bytes",
                                        ex.route == Exchange::Route::rpc);
                return;
            }
            ex.body.append(data);
            return;
        case Exchange::Route::upload:
            if (ex.post_processor) {
                if (MHD_post_process(ex.post_processor, data.data(), data.size()) != MHD_YES && !ex.early)
                    ex.early = Reply::error(400, "bad_request", "malformed multipart/form-data body");
                return;
            }
            write_upload(ex, data);
            return;
        default:
            ex.early = Reply::error(400, "bad_request", "this request takes no body");
    }
}

bool HttpServer::write_upload(Exchange& ex, std::string_view data) {
    sdk::ErrorBuffer err;
    if (host_.upload_write(ex.upload, data, err.get()) == SB_OK) {
        upload_bytes_.add(static_cast<double>(data.size()));
        return true;
    }
    ex.early = host_error(err.status(), err.message());
    host_.upload_abort(ex.upload);
    ex.upload = nullptr;
    return false;
}

MHD_Result HttpServer::on_form_data(void* cls, MHD_ValueKind, const char* key, const char* filename,
                                    const char* content_type, const char*, const char* data, uint64_t off,
                                    size_t size) {
    auto& ex = *static_cast<Exchange*>(cls);
    auto& self = *static_cast<HttpServer*>(ex.server);
    if (!filename) return MHD_YES;  // an ordinary form field
    std::string part = std::string(key ? key : "") + '\0' + filename;
    if (ex.upload && off == 0 && part != ex.first_file_part) {
        self.host_.upload_abort(ex.upload);
        ex.upload = nullptr;
        ex.early = Reply::error(400, "bad_request", "one file per upload");
        return MHD_NO;
    }
    if (!ex.upload) {
        if (ex.file_part_done) return MHD_NO;
        ex.first_file_part = part;
        std::string type = content_type ? content_type : "";
        sb_upload_info info{sizeof(sb_upload_info), sdk::to_sb(ex.token), sdk::to_sb(type), sdk::to_sb(filename), -1};
        sdk::ErrorBuffer err;
        ex.upload = self.host_.upload_begin(info, err.get());
        if (!ex.upload) {
            ex.early = host_error(err.status(), err.message(), true);
            return MHD_NO;
        }
        ex.file_part_done = true;
    }
    return size == 0 || self.write_upload(ex, std::string_view(data, size)) ? MHD_YES : MHD_NO;
}

// ---- answering

void HttpServer::complete(const std::shared_ptr<Exchange>& ex) {
    auto pending = [&] { return new Pending{ex, ex->route == Exchange::Route::thumbnail}; };
    switch (ex->route) {
        case Exchange::Route::rpc:
            return send_to_kernel(ex, ex->body, std::string(header(*ex, "X-Api-Key").value_or("")));
        case Exchange::Route::server_api: {
            json data = json::object();
            if (!ex->body.empty() && !json_content(*ex, true)) {
                ex->early = Reply::error(415, "bad_request", "send the body as Content-Type: application/json");
                return;
            }
            if (!ex->body.empty()) {
                if (switchboard::sdk::json_nests_deeper_than(ex->body, kMaxBodyNesting)) {
                    ex->early = Reply::error(400, "bad_request",
                                             "the body nests arrays and objects deeper than " +
                                                 std::to_string(kMaxBodyNesting) + " levels");
                    return;
                }
                data = json::parse(ex->body, nullptr, false);
                if (data.is_discarded() || !data.is_object()) {
                    ex->early = Reply::error(400, "bad_request", "the body must be a JSON object");
                    return;
                }
            }
            for (const auto& [field, value] : ex->server_api->path_fields.items()) data[field] = value;
            json envelope{{"id", 1}, {"op", ex->server_api->op}, {"data", std::move(data)}};
            std::string key = bearer(*ex).value_or("");
            if (key.empty()) key = header(*ex, "X-Api-Key").value_or("");
            return send_to_kernel(ex, envelope.dump(), key);
        }
        case Exchange::Route::upload: {
            if (ex->post_processor) {
                MHD_destroy_post_processor(ex->post_processor);
                ex->post_processor = nullptr;
            }
            if (!ex->upload) {
                ex->early = Reply::error(400, "bad_request", "no file in the form: send it as a part with a filename");
                return;
            }
            sb_upload* upload = std::exchange(ex->upload, nullptr);
            host_.upload_finish(upload, [](void* ctx, sb_status status, const char* message, const void* result) {
                std::unique_ptr<Pending> p(static_cast<Pending*>(ctx));
                if (status != SB_OK || !result) return p->exchange->deliver(host_error(status, message));
                p->exchange->deliver(Reply::json(201, attachment_json(*static_cast<const sb_attachment*>(result)).dump()));
            }, pending());
            return;
        }
        case Exchange::Route::download:
        case Exchange::Route::thumbnail: {
            bool thumbnail = ex->route == Exchange::Route::thumbnail;
            sb_attachment_request req{sizeof(sb_attachment_request), sdk::to_sb(ex->token), sdk::to_sb(ex->attachment_id),
                                      thumbnail ? 1 : 0};
            host_.attachment_open(req, [](void* ctx, sb_status status, const char* message, const void* result) {
                std::unique_ptr<Pending> p(static_cast<Pending*>(ctx));
                if (status != SB_OK || !result) return p->exchange->deliver(host_error(status, message));
                p->exchange->deliver_file(AttachmentFile::from(*static_cast<const sb_attachment_file*>(result), p->thumbnail));
            }, pending());
            return;
        }
        case Exchange::Route::readyz:
            host_.check_ready([](void* ctx, sb_status status, const char* message, const void*) {
                std::unique_ptr<Pending> p(static_cast<Pending*>(ctx));
                if (status == SB_OK) return p->exchange->deliver(Reply::json(200, R"({"status":"ready"})"));
                p->exchange->deliver(Reply::json(503, json{{"status", "unavailable"}, {"reason", message ? message : ""}}.dump()));
            }, pending());
            return;
        default:
            ex->early = Reply::error(500, "internal", "no handler for this request");
    }
}

void HttpServer::send_to_kernel(const std::shared_ptr<Exchange>& ex, const std::string& envelope,
                                const std::string& api_key) {
    std::string remote = remote_address(*ex);
    std::string agent(header(*ex, "User-Agent").value_or(""));
    sb_conn_info info{};
    info.struct_size = sizeof(info);
    info.remote_address = sdk::to_sb(remote);
    info.user_agent = sdk::to_sb(agent);
    info.flags = SB_CONN_STATELESS;
    info.bearer_token = ex->route == Exchange::Route::rpc ? sdk::to_sb(ex->token) : sb_str{nullptr, 0};
    info.api_key = sdk::to_sb(api_key);
    uint64_t conn = host_.conn_open(info);
    if (conn == 0) {
        ex->early = Reply::error(503, "unavailable", "the server is shutting down", ex->route == Exchange::Route::rpc);
        return;
    }
    {
        std::lock_guard lock(mutex_);
        by_conn_[conn] = ex;
    }
    ex->conn = conn;
    host_.conn_receive(conn, envelope);
}

sb_status HttpServer::answer(uint64_t conn, sb_payload* payload, sb_status refusal) {
    std::shared_ptr<Exchange> ex;
    {
        std::lock_guard lock(mutex_);
        auto it = by_conn_.find(conn);
        if (it == by_conn_.end()) return SB_ERR_NOT_FOUND;
        ex = it->second;
    }
    std::string_view bytes = host_.payload_bytes(payload);
    if (ex->route == Exchange::Route::rpc) {
        unsigned status = 200;
        if (refusal != SB_OK) status = status_for(refusal, false);
        ex->deliver(Reply::json(status, std::string(bytes)));
        return SB_OK;
    }
    json envelope = json::parse(bytes, nullptr, false);
    if (envelope.is_discarded() || !envelope.is_object()) {
        ex->deliver(Reply::error(500, "internal", "unreadable answer"));
        return SB_OK;
    }
    if (envelope.value("ok", false)) {
        const json& data = envelope.contains("data") ? envelope["data"] : json::object();
        ex->deliver(Reply::json(ex->server_api->success_status(data), data.dump()));
        return SB_OK;
    }
    std::string code = envelope["error"].value("code", "internal");
    Reply reply = Reply::json(http_status_for(code), json{{"error", envelope["error"]}}.dump());
    if (reply.status == 401) reply.header("WWW-Authenticate", "Bearer");
    ex->deliver(std::move(reply));
    return SB_OK;
}

void HttpServer::close(uint64_t conn, std::string_view reason) {
    std::shared_ptr<Exchange> ex;
    {
        std::lock_guard lock(mutex_);
        auto it = by_conn_.find(conn);
        if (it == by_conn_.end()) return;
        ex = it->second;
    }
    ex->deliver(Reply::error(503, "unavailable", reason.empty() ? "closed by the server" : reason,
                             ex->route == Exchange::Route::rpc));
}

MHD_Result HttpServer::queue(Exchange& ex) {
    Reply reply;
    if (ex.early) reply = std::move(*ex.early);
    else if (ex.file) reply = ex.file->reply(header(ex, "Range"), header(ex, "If-Range"), header(ex, "If-None-Match"));
    else if (ex.reply) reply = std::move(*ex.reply);
    ex.early.reset();
    cors_.decorate(header(ex, "Origin"), reply);
    MHD_Response* response =
        reply.fd >= 0 ? MHD_create_response_from_fd_at_offset64(reply.length, reply.fd, reply.offset)
                      : MHD_create_response_from_buffer(reply.body.size(), reply.body.data(), MHD_RESPMEM_MUST_COPY);
    if (!response) {
        if (reply.fd >= 0) ::close(reply.fd);
        return MHD_NO;
    }
    for (const auto& [name, value] : reply.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
    MHD_Result result = MHD_queue_response(ex.connection, reply.status, response);
    MHD_destroy_response(response);
    ex.queued = true;
    const char* route = route_name(ex.route);
    requests_.add(1, {route, std::to_string(reply.status)});
    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - ex.started;
    request_seconds_.observe(elapsed.count(), {route});
    return result;
}

void HttpServer::finished(const std::shared_ptr<Exchange>& ex) {
    if (ex->post_processor) MHD_destroy_post_processor(std::exchange(ex->post_processor, nullptr));
    if (ex->upload) host_.upload_abort(std::exchange(ex->upload, nullptr));
    bool report = false;
    {
        std::lock_guard lock(mutex_);
        live_.erase(ex);
        if (ex->conn) report = by_conn_.erase(ex->conn) > 0;
    }
    if (report) host_.conn_closed(ex->conn);
}

// ---- request details

std::optional<std::string_view> HttpServer::header(const Exchange& ex, const char* name) const {
    const char* value = MHD_lookup_connection_value(ex.connection, MHD_HEADER_KIND, name);
    if (!value) return std::nullopt;
    return std::string_view(value);
}

std::optional<std::string_view> HttpServer::argument(const Exchange& ex, const char* name) const {
    const char* value = MHD_lookup_connection_value(ex.connection, MHD_GET_ARGUMENT_KIND, name);
    if (!value) return std::nullopt;
    return std::string_view(value);
}

std::string HttpServer::remote_address(const Exchange& ex) const {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(ex.connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!info || !info->client_addr) return {};
    char text[INET6_ADDRSTRLEN] = {};
    if (info->client_addr->sa_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(info->client_addr);
        inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        return std::string(text) + ":" + std::to_string(ntohs(a->sin_port));
    }
    const auto* a = reinterpret_cast<const sockaddr_in6*>(info->client_addr);
    inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    return "[" + std::string(text) + "]:" + std::to_string(ntohs(a->sin6_port));
}

std::optional<std::string> HttpServer::bearer(const Exchange& ex) const {
    auto value = header(ex, "Authorization");
    if (!value) return std::string();
    std::string_view text = *value;
    if (text.size() < 7 || lower(text.substr(0, 7)) != "bearer ") return std::nullopt;
    text.remove_prefix(7);
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (text.empty()) return std::nullopt;
    return std::string(text);
}

bool HttpServer::json_content(const Exchange& ex, bool absent_ok) const {
    auto type = header(ex, "Content-Type");
    if (!type) return absent_ok;
    std::string media = lower(type->substr(0, type->find(';')));
    while (!media.empty() && media.back() == ' ') media.pop_back();
    return media == "application/json";
}

const char* HttpServer::route_name(Exchange::Route route) {
    switch (route) {
        case Exchange::Route::healthz: return "healthz";
        case Exchange::Route::readyz: return "readyz";
        case Exchange::Route::metrics: return "metrics";
        case Exchange::Route::rpc: return "rpc";
        case Exchange::Route::upload: return "upload";
        case Exchange::Route::download: return "download";
        case Exchange::Route::thumbnail: return "thumbnail";
        case Exchange::Route::server_api: return "server_api";
        case Exchange::Route::static_file: return "static";
        case Exchange::Route::preflight: return "preflight";
        case Exchange::Route::other: return "other";
    }
    return "other";
}

}  // namespace switchboard::plugins::transport_http
