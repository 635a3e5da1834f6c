#include "websocket_server.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

#include "frame_encoder.hpp"
#include "peer_address.hpp"
#include "switchboard/sdk/error.hpp"
#include "too_large_envelope.hpp"

namespace switchboard::plugins::transport_websocket {

namespace {

using std::chrono::steady_clock;

// libwebsockets stages incoming frames through a per-connection buffer of
// this size; larger messages just arrive in more callbacks. Kept small
// because every idle connection pays for it.
constexpr size_t kReceiveChunk = 1024;
// Largest single socket write; what the socket does not take is buffered by
// libwebsockets. Without it, writes would be cut to kReceiveChunk.
constexpr size_t kTransmitChunk = 1 << 20;
// Per-thread buffer for socket reads and HTTP responses.
constexpr unsigned kServiceBuffer = 16 * 1024;
// Room for a handshake's request line and headers (cookies included); held
// only while a handshake is in progress.
constexpr unsigned short kHandshakeHeaderBytes = 8 * 1024;
// A message buffer that grew beyond this is freed after delivery.
constexpr size_t kKeptMessageCapacity = 16 * 1024;
// Queued messages written in one send, at most: a burst of events goes out
// together, yet one connection cannot hold the service thread for long.
constexpr size_t kMaxWriteBytes = 64 * 1024;
// The keepalive sweep runs every second, or every quarter of ping_interval
// when that is shorter; pings and idle drops are as precise as that.
std::chrono::milliseconds sweep_period(std::chrono::milliseconds ping_interval) {
    return std::clamp<std::chrono::milliseconds>(ping_interval / 4, std::chrono::milliseconds(100),
                                                 std::chrono::seconds(1));
}
// How long stop() lets connections finish their close handshake.
constexpr auto kShutdownGrace = std::chrono::milliseconds(1000);

std::string header(lws* wsi, lws_token_indexes token) {
    const int length = lws_hdr_total_length(wsi, token);
    if (length <= 0) return {};
    std::string value(static_cast<size_t>(length) + 1, '\0');
    const int copied = lws_hdr_copy(wsi, value.data(), length + 1, token);
    if (copied < 0) return {};
    value.resize(static_cast<size_t>(copied));
    return value;
}

// An IPv4 address: bind an IPv4 socket (libwebsockets would otherwise bind
// IPv6 and report peers as IPv4-mapped addresses).
bool is_ipv4_literal(const std::string& host) {
    return !host.empty() &&
           std::all_of(host.begin(), host.end(), [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
}

}  // namespace

WebSocketServer::WebSocketServer(const sdk::Host& host, const TransportConfig& config, ConnectionRegistry& registry)
    : host_(host), config_(config), registry_(registry) {}

WebSocketServer::~WebSocketServer() { stop(); }

void WebSocketServer::start() {
    // All zero: no libwebsockets validity timers (see the class comment).
    no_validity_checks_ = lws_retry_bo_t{};

    protocols_[0] = lws_protocols{
        .name = "switchboard",
        .callback = &WebSocketServer::dispatch,
        .per_session_data_size = sizeof(Connection*),
        .rx_buffer_size = kReceiveChunk,
        .id = 0,
        .user = nullptr,
        .tx_packet_size = kTransmitChunk,
    };
    protocols_[1] = lws_protocols{};

    sweep_period_ = sweep_period(config_.ping_interval);

    const uint64_t tls_option = config_.tls() ? LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT : 0;

    loop_ = std::make_unique<EventLoop>();
    void* foreign_loops[] = {loop_->native()};
    lws_context_creation_info context_info{};
    context_info.options = LWS_SERVER_OPTION_EXPLICIT_VHOSTS | LWS_SERVER_OPTION_LIBEV | tls_option;
    context_info.foreign_loops = foreign_loops;
    context_info.user = this;
    context_info.uid = -1;
    context_info.gid = -1;
    context_info.pt_serv_buf_size = kServiceBuffer;
    context_info.max_http_header_data = kHandshakeHeaderBytes;
    context_ = lws_create_context(&context_info);
    if (context_ == nullptr) {
        loop_.reset();
        throw sdk::Error(SB_ERR_INTERNAL,
                         "transport.websocket: cannot create the libwebsockets context (is its libev plugin, "
                         "libwebsockets-evlib_ev.so, installed?)");
    }

    const bool any_ipv4 = config_.host == "0.0.0.0";
    const bool any_address = any_ipv4 || config_.host == "::";
    lws_context_creation_info vhost_info{};
    vhost_info.vhost_name = "switchboard";
    vhost_info.port = config_.port;
    vhost_info.iface = any_address ? nullptr : config_.host.c_str();
    vhost_info.protocols = protocols_;
    vhost_info.options = LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND | tls_option;
    if (any_ipv4 || is_ipv4_literal(config_.host)) vhost_info.options |= LWS_SERVER_OPTION_DISABLE_IPV6;
    vhost_info.retry_and_idle_policy = &no_validity_checks_;
    // HTTP/1.1 only, so each WebSocket is its own TCP connection (RFC 8441
    // WebSockets over HTTP/2 would multiplex several on one).
    vhost_info.alpn = "http/1.1";
    if (config_.tls()) {
        vhost_info.ssl_cert_filepath = config_.tls_cert_file.c_str();
        vhost_info.ssl_private_key_filepath = config_.tls_key_file.c_str();
    }
    lws_vhost* vhost = lws_create_vhost(context_, &vhost_info);
    if (vhost == nullptr) {
        lws_context_destroy(context_);
        context_ = nullptr;
        loop_.reset();
        std::string what = "transport.websocket: cannot listen on " + config_.url(config_.port) +
                           " (address unavailable or in use";
        what += config_.tls() ? ", or unusable TLS certificate/key)" : ")";
        throw sdk::Error(SB_ERR_UNAVAILABLE, what);
    }
    port_ = lws_get_vhost_listen_port(vhost);
    sweep_timer_.server = this;
    schedule_sweep();

    {
        std::lock_guard lock(wake_mutex_);
        wake_enabled_ = true;
    }
    stopping_ = false;
    draining_ = false;
    service_thread_ = std::thread([this] { run(); });
    host_.info("listening on " + config_.url(port_));
}

void WebSocketServer::stop() {
    if (context_ == nullptr) return;
    if (service_thread_.joinable()) {
        draining_ = true;
        if (registry_.request_close_all(LWS_CLOSE_STATUS_GOINGAWAY, "server shutting down")) wake();
        registry_.wait_until_empty(kShutdownGrace);
        stopping_ = true;
        wake();  // the service thread sees stopping_ and ends its loop
        service_thread_.join();
    }
    lws_sul_cancel(&sweep_timer_.sul);
    {
        std::lock_guard lock(wake_mutex_);
        wake_enabled_ = false;
    }
    // Closes what is left; each connection gets LWS_CALLBACK_CLOSED here, on
    // this thread, and so its conn_closed.
    lws_context_destroy(context_);
    context_ = nullptr;
    loop_.reset();
}

void WebSocketServer::wake() {
    std::lock_guard lock(wake_mutex_);
    if (wake_enabled_) lws_cancel_service(context_);
}

void WebSocketServer::run() { loop_->run(); }

int WebSocketServer::dispatch(lws* wsi, lws_callback_reasons reason, void* user, void* in, size_t len) {
    if (wsi == nullptr) return 0;
    auto* server = static_cast<WebSocketServer*>(lws_context_user(lws_get_context(wsi)));
    auto** slot = static_cast<Connection**>(user);
    switch (reason) {
    case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
        return server->confirm_upgrade(wsi, in ? static_cast<const char*>(in) : "");
    case LWS_CALLBACK_HTTP:
        return server->answer_plain_http(wsi, in ? static_cast<const char*>(in) : "");
    case LWS_CALLBACK_ESTABLISHED:
        return server->establish(wsi, slot);
    case LWS_CALLBACK_RECEIVE:
        if (slot == nullptr || *slot == nullptr) return -1;
        return server->receive(wsi, **slot, static_cast<const char*>(in), len);
    case LWS_CALLBACK_RECEIVE_PONG:
        if (slot != nullptr && *slot != nullptr) (*slot)->last_input = steady_clock::now();
        return 0;
    case LWS_CALLBACK_SERVER_WRITEABLE:
        if (slot == nullptr || *slot == nullptr) return 0;
        return server->write_next(wsi, **slot);
    case LWS_CALLBACK_CLOSED:
        server->closed(slot);
        return 0;
    case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
        server->handle_wakeups();
        if (server->stopping_.load()) server->loop_->stop();
        return 0;
    default:
        return lws_callback_http_dummy(wsi, reason, user, in, len);
    }
}

int WebSocketServer::confirm_upgrade(lws* wsi, std::string_view upgrade) {
    // Returning 1 tells libwebsockets the response is written and the upgrade refused.
    auto refuse = [wsi](http_status status) { return lws_return_http_status(wsi, status, nullptr) ? -1 : 1; };
    if (upgrade != "websocket") return refuse(HTTP_STATUS_BAD_REQUEST);
    if (header(wsi, WSI_TOKEN_GET_URI) != config_.path) return refuse(HTTP_STATUS_NOT_FOUND);
    if (!config_.allowed_origins.empty()) {
        // Browsers always send Origin; native clients usually do not, and
        // cannot be cross-site request forgery victims, so they pass.
        const std::string origin = header(wsi, WSI_TOKEN_ORIGIN);
        const auto& allowed = config_.allowed_origins;
        if (!origin.empty() && std::find(allowed.begin(), allowed.end(), origin) == allowed.end())
            return refuse(HTTP_STATUS_FORBIDDEN);
    }
    if (draining_.load() || registry_.size() >= config_.max_connections)
        return refuse(HTTP_STATUS_SERVICE_UNAVAILABLE);
    return 0;
}

int WebSocketServer::answer_plain_http(lws* wsi, std::string_view uri) {
    const http_status status = uri == config_.path ? HTTP_STATUS_BAD_REQUEST : HTTP_STATUS_NOT_FOUND;
    if (lws_return_http_status(wsi, status, nullptr)) return -1;
    return lws_http_transaction_completed(wsi) ? -1 : 0;
}

int WebSocketServer::establish(lws* wsi, Connection** slot) {
    const std::string remote = peer_address(lws_get_socket_fd(wsi));
    const std::string user_agent = header(wsi, WSI_TOKEN_HTTP_USER_AGENT);
    registry_.begin_open();
    const uint64_t id = host_.conn_open(remote, user_agent);
    if (id == 0) {
        registry_.abandon_open();
        static constexpr std::string_view kReason = "server shutting down";
        lws_close_reason(wsi, LWS_CLOSE_STATUS_GOINGAWAY,
                         reinterpret_cast<unsigned char*>(const_cast<char*>(kReason.data())), kReason.size());
        return -1;
    }
    bool wake = false;
    Connection* connection = registry_.add(id, wsi, wake);
    if (wake) this->wake();
    if (connection == nullptr) {
        host_.error("conn_open returned id " + std::to_string(id) +
                    ", which is still in use; refusing the new connection");
        return -1;
    }
    connection->last_input = connection->last_ping = steady_clock::now();
    *slot = connection;
    // stop() may have asked every connection to close while conn_open ran.
    if (draining_.load()) registry_.request_close(id, LWS_CLOSE_STATUS_GOINGAWAY, "server shutting down");
    lws_callback_on_writable(wsi);  // for anything sent (or a close requested) while conn_open ran
    return 0;
}

int WebSocketServer::receive(lws* wsi, Connection& connection, const char* data, size_t len) {
    if (connection.discarding) return 0;
    connection.last_input = steady_clock::now();

    // The whole of the current frame is known up front, so an oversized
    // single-frame message is refused before any of it is buffered.
    const size_t known = connection.message.size() + len + lws_remaining_packet_payload(wsi);
    if (known > config_.max_message_size) {
        connection.discarding = true;
        std::string().swap(connection.message);
        registry_.request_close_with(connection, LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, "message too large",
                                     too_large_envelope(known, config_.max_message_size));
        lws_callback_on_writable(wsi);
        return 0;
    }

    const bool complete = lws_is_final_fragment(wsi) != 0;
    if (complete && connection.message.empty()) {
        host_.conn_receive(connection.id, std::string_view(data, len));
        return 0;
    }
    connection.message.append(data, len);
    if (!complete) return 0;
    host_.conn_receive(connection.id, connection.message);
    if (connection.message.capacity() > kKeptMessageCapacity)
        std::string().swap(connection.message);
    else
        connection.message.clear();
    return 0;
}

int WebSocketServer::write_next(lws* wsi, Connection& connection) {
    if (connection.ping_due) {
        connection.ping_due = false;
        connection.last_ping = steady_clock::now();
        // Not empty: libwebsockets 4.1 does not report empty pongs.
        static constexpr std::string_view kPayload = "sb";
        unsigned char frame[LWS_PRE + kPayload.size()];
        std::memcpy(frame + LWS_PRE, kPayload.data(), kPayload.size());
        if (lws_write(wsi, frame + LWS_PRE, kPayload.size(), LWS_WRITE_PING) < 0) return -1;
        lws_callback_on_writable(wsi);  // for what may be queued behind it
        return 0;
    }
    ConnectionRegistry::Outgoing out = registry_.next_outgoing(connection, kMaxWriteBytes);
    if (out.close) {
        lws_close_reason(wsi, static_cast<lws_close_status>(out.close_code),
                         reinterpret_cast<unsigned char*>(out.close_reason.data()), out.close_reason.size());
        return -1;  // libwebsockets sends the close frame with that code and reason
    }
    if (!write_frames(wsi, out)) return -1;
    // At most kMaxWriteBytes per writeable callback: the rest waits for the
    // next one, so a busy connection cannot hold the service thread.
    if (out.more) lws_callback_on_writable(wsi);
    return 0;
}

void WebSocketServer::write_now(lws* wsi) {
    auto** slot = static_cast<Connection**>(lws_wsi_user(wsi));
    // A ping, a close, or the rest of a partly sent write must come from a
    // writeable callback.
    if (slot == nullptr || *slot == nullptr || (*slot)->ping_due || lws_partial_buffered(wsi)) {
        lws_callback_on_writable(wsi);
        return;
    }
    ConnectionRegistry::Outgoing out = registry_.next_outgoing(**slot, kMaxWriteBytes);
    if (out.close) {
        lws_callback_on_writable(wsi);
        return;
    }
    if (!write_frames(wsi, out)) {
        // Not this connection's callback: it cannot be closed by returning -1.
        lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
        return;
    }
    if (out.more) lws_callback_on_writable(wsi);
}

bool WebSocketServer::write_frames(lws* wsi, ConnectionRegistry::Outgoing& out) {
    if (out.payloads.empty() && out.text.empty()) return true;
    write_buffer_.resize(LWS_PRE);
    for (sb_payload* payload : out.payloads) {
        FrameEncoder::append_text(write_buffer_, host_.payload_bytes(payload));
        host_.payload_release(payload);
    }
    if (out.payloads.empty()) FrameEncoder::append_text(write_buffer_, out.text);
    // Raw: the frames are made already. libwebsockets keeps what the socket
    // does not take and sends it before the next writeable callback.
    return lws_write(wsi, write_buffer_.data() + LWS_PRE, write_buffer_.size() - LWS_PRE, LWS_WRITE_RAW) >= 0;
}

void WebSocketServer::closed(Connection** slot) {
    if (slot == nullptr || *slot == nullptr) return;  // never reached conn_open
    Connection& connection = **slot;
    *slot = nullptr;
    const uint64_t id = connection.id;
    registry_.remove(connection);
    host_.conn_closed(id);
}

void WebSocketServer::schedule_sweep() {
    lws_sul_schedule(context_, 0, &sweep_timer_.sul,
                     [](lws_sorted_usec_list_t* sul) { reinterpret_cast<SweepTimer*>(sul)->server->sweep(); },
                     std::chrono::duration_cast<std::chrono::microseconds>(sweep_period_).count());
}

void WebSocketServer::sweep() {
    const auto now = steady_clock::now();
    std::vector<lws*> to_ping;
    std::vector<lws*> to_drop;
    registry_.for_each([&](Connection& connection) {
        if (now - connection.last_input >= config_.idle_timeout) {
            to_drop.push_back(connection.wsi);
        } else if (connection.close_code == 0 && !connection.ping_due &&
                   now - std::max(connection.last_input, connection.last_ping) >= config_.ping_interval) {
            connection.ping_due = true;
            to_ping.push_back(connection.wsi);
        }
    });
    for (lws* wsi : to_ping) lws_callback_on_writable(wsi);
    // A silent peer is most likely gone: close at once, without the close
    // handshake that would keep it (and its conn_closed) for seconds more.
    for (lws* wsi : to_drop) lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC);
    schedule_sweep();
}

void WebSocketServer::handle_wakeups() {
    for (ConnectionRegistry::Wakeup& wakeup : registry_.take_wakeups()) {
        if (wakeup.close_now) {
            // The reader is too slow for a writeable callback to come soon:
            // start the close now. libwebsockets still tries to send the close
            // frame, for at most a few seconds.
            lws_close_reason(wakeup.wsi, static_cast<lws_close_status>(wakeup.close_code),
                             reinterpret_cast<unsigned char*>(wakeup.close_reason.data()),
                             wakeup.close_reason.size());
            lws_set_timeout(wakeup.wsi, PENDING_TIMEOUT_USER_REASON_BASE, LWS_TO_KILL_SYNC);
        } else {
            write_now(wakeup.wsi);
        }
    }
}

}  // namespace switchboard::plugins::transport_websocket
