// Switchboard push kit (header-only): one HTTP/2 connection of Http2Client:
// a non-blocking TCP socket (through an http:// proxy's CONNECT tunnel
// when given one), OpenSSL for TLS (ALPN h2) and an nghttp2 client session
// for the protocol (framing, HPACK, flow control, SETTINGS). The connection only moves bytes and keeps its streams'
// transfers; its Http2Origin decides what happens to them.
//
// How a transfer leaves (take_finished):
// - answered: the server ended its response; or failed, status 0 (the
//   server may have processed it: never sent again, kNotResent);
// - unprocessed: the server certainly did not process it — its HEADERS
//   never left, the server refused the stream (REFUSED_STREAM) or its id is
//   above a GOAWAY's last_stream_id (RFC 9113 §8.7, §6.8) — so the origin
//   may send it again.
// The only RST_STREAM this side sends is CANCEL for a request whose timeout
// expired (cancel()); a completed stream is never reset.
#pragma once

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "switchboard/sdk/push/http_transfer.hpp"
#include "switchboard/sdk/push/tls_context.hpp"

namespace switchboard::sdk::push {

class Http2Connection {
public:
    using Clock = HttpTransfer::Clock;

    struct Finished {
        std::unique_ptr<HttpTransfer> transfer;
        bool unprocessed;  // the server certainly did not process it: it may be sent again
    };

    // Starts connecting to `url`'s host and port, or to `proxy` (getaddrinfo
    // may block). A failure closes the connection at once: see closed() and error().
    Http2Connection(int epoll, const TlsContext& tls, const HttpUrl& url, std::optional<HttpUrl> proxy, size_t max_streams,
                    Clock::time_point deadline)
        : epoll_(epoll),
          tls_(tls),
          host_(url.host),
          port_(url.port),
          authority_(url.authority),
          proxy_(std::move(proxy)),
          max_streams_(max_streams),
          deadline_(deadline) {
        connect();
    }
    ~Http2Connection() {
        if (session_) nghttp2_session_del(session_);
        if (ssl_) SSL_free(ssl_);
        if (fd_ >= 0) {
            epoll_ctl(epoll_, EPOLL_CTL_DEL, fd_, nullptr);
            ::close(fd_);
        }
    }
    Http2Connection(const Http2Connection&) = delete;
    Http2Connection& operator=(const Http2Connection&) = delete;

    int fd() const { return fd_; }
    // TCP, TLS or the server's first SETTINGS still to come.
    bool connecting() const { return state_ != State::ready && state_ != State::closed; }
    bool closed() const { return state_ == State::closed; }
    bool was_ready() const { return was_ready_; }
    // The TLS handshake ended without h2 (the server speaks HTTP/1.1 only).
    bool http1() const { return http1_; }
    const std::string& error() const { return error_; }
    Clock::time_point connect_deadline() const { return deadline_; }
    size_t streams() const { return streams_.size(); }

    // Streams it can open now: none before the server's SETTINGS or after its GOAWAY.
    size_t free_streams() const {
        if (state_ != State::ready || draining_) return 0;
        size_t limit = std::min<size_t>(
            max_streams_, nghttp2_session_get_remote_settings(session_, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS));
        return limit > streams_.size() ? limit - streams_.size() : 0;
    }

    // Opens a stream for `transfer` (free_streams() > 0); its frames leave at flush().
    void submit(std::unique_ptr<HttpTransfer> transfer) {
        HttpTransfer& t = *transfer;
        t.response = HttpResponse{};
        t.body_offset = 0;
        t.headers_sent = t.answered = t.body_too_large = false;
        t.attempts++;
        std::vector<std::string> names;
        names.reserve(t.request.headers.size());
        std::vector<nghttp2_nv> headers;
        headers.reserve(t.request.headers.size() + 5);
        std::string length = std::to_string(t.request.body.size());
        add(headers, ":method", t.request.method);
        add(headers, ":scheme", "https");
        add(headers, ":authority", t.url.authority);
        add(headers, ":path", t.url.path);
        if (t.request.method != "GET") add(headers, "content-length", length);
        for (const std::string& line : t.request.headers) {
            size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string_view value = std::string_view(line).substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
            std::string& name = names.emplace_back(line, 0, colon);
            std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
            // An empty value drops a header (curl's convention, kept for
            // HTTP/1.1 too); HTTP/2 forbids connection-specific ones.
            if (value.empty() || name == "host" || name == "connection" || name == "keep-alive" ||
                name == "transfer-encoding" || name == "upgrade" || name == "proxy-connection" ||
                name == "content-length")
                continue;
            add(headers, name, value);
        }
        nghttp2_data_provider body{};
        body.source.ptr = &t;
        body.read_callback = &read_body;
        bool has_body = t.request.method != "GET" && !t.request.body.empty();
        int32_t id = nghttp2_submit_request(session_, nullptr, headers.data(), headers.size(), has_body ? &body : nullptr,
                                            nullptr);
        if (id < 0) {
            // Nothing was sent: the origin may give it to another connection.
            finished_.push_back({std::move(transfer), true});
            return;
        }
        t.stream_id = id;
        streams_.emplace(id, std::move(transfer));
    }

    // Takes `transfer` off its stream (RST_STREAM CANCEL), or nullptr when it is not here.
    std::unique_ptr<HttpTransfer> cancel(HttpTransfer* transfer) {
        auto found = streams_.find(transfer->stream_id);
        if (found == streams_.end() || found->second.get() != transfer) return nullptr;
        std::unique_ptr<HttpTransfer> taken = std::move(found->second);
        streams_.erase(found);
        if (state_ != State::closed) nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, taken->stream_id, NGHTTP2_CANCEL);
        taken->stream_id = 0;
        return taken;
    }

    void on_events(uint32_t events) {
        switch (state_) {
        case State::tcp: {
            int error = 0;
            socklen_t length = sizeof(error);
            getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0) return connect_next(error);
            if (!(events & EPOLLOUT)) return;
            if (proxy_) return open_tunnel();
            start_tls();
            return;
        }
        case State::tunnel:
            tunnel();
            return;
        case State::tls:
            handshake();
            return;
        case State::settings:
        case State::ready:
            if (events & (EPOLLIN | EPOLLERR | EPOLLHUP)) receive();
            flush();
            return;
        case State::closed:
            return;
        }
    }

    // Writes what nghttp2 has to send; what the socket does not take waits for EPOLLOUT.
    void flush() {
        if (state_ != State::settings && state_ != State::ready) return;
        for (;;) {
            while (out_.size() - written_ < kWriteBatch) {
                const uint8_t* data = nullptr;
                ssize_t n = nghttp2_session_mem_send(session_, &data);
                if (n < 0) return fail(std::string("HTTP/2: ") + nghttp2_strerror(static_cast<int>(n)));
                if (n == 0) break;
                out_.append(reinterpret_cast<const char*>(data), static_cast<size_t>(n));
            }
            if (written_ == out_.size()) break;
            errno = 0;
            int n = SSL_write(ssl_, out_.data() + written_, static_cast<int>(out_.size() - written_));
            if (n <= 0) {
                int error = SSL_get_error(ssl_, n);
                if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) break;
                return fail("TLS write to " + where() + ": " + tls_error(error));
            }
            written_ += static_cast<size_t>(n);
            if (written_ == out_.size()) {
                out_.clear();
                written_ = 0;
            }
        }
        watch(EPOLLIN | (written_ < out_.size() ? EPOLLOUT : 0u));
        // After a GOAWAY the connection lives until its last stream ends.
        if (draining_ && streams_.empty() && out_.empty()) close_with("closed by the server (GOAWAY)");
    }

    // Closes the connection: each stream's transfer finishes, unprocessed
    // when the server certainly did not have it, failed otherwise.
    void fail(const std::string& error) {
        if (state_ == State::closed) return;
        close_with(error);
        for (auto& [id, transfer] : streams_) {
            if (transfer->answered && transfer->response.status >= 200 && !transfer->body_too_large) {
                finished_.push_back({std::move(transfer), false});  // the whole answer came before the end
                continue;
            }
            bool unprocessed = !transfer->headers_sent || (draining_ && id > goaway_last_stream_);
            if (!unprocessed) transfer->response = HttpResponse{0, HttpTransfer::kNotResent, {}, {}};
            finished_.push_back({std::move(transfer), unprocessed});
        }
        streams_.clear();
    }

    // Every transfer on its streams, unanswered (at stop).
    std::vector<std::unique_ptr<HttpTransfer>> take_streams() {
        std::vector<std::unique_ptr<HttpTransfer>> all;
        for (auto& [id, transfer] : streams_) all.push_back(std::move(transfer));
        streams_.clear();
        return all;
    }

    // The transfers that left since the last call, in stream order.
    std::vector<Finished> take_finished() {
        std::vector<Finished> taken;
        taken.swap(finished_);
        std::sort(taken.begin(), taken.end(),
                  [](const Finished& a, const Finished& b) { return a.transfer->stream_id < b.transfer->stream_id; });
        return taken;
    }

private:
    enum class State { tcp, tunnel, tls, settings, ready, closed };
    static constexpr size_t kWriteBatch = 64 * 1024;  // bytes per SSL_write: few, large TLS records
    static constexpr size_t kMaxTunnelAnswer = 8 * 1024;

    std::string where() const {
        std::string origin = host_ + ":" + std::to_string(port_);
        return proxy_ ? origin + " (through the proxy " + proxy_->origin() + ")" : origin;
    }

    // Asks the proxy for a tunnel to the origin; TLS starts when it answers 200.
    void open_tunnel() {
        state_ = State::tunnel;
        out_ = "CONNECT " + host_ + ":" + std::to_string(port_) + " HTTP/1.1\r\nHost: " + authority_ + "\r\n\r\n";
        written_ = 0;
        tunnel();
    }

    void tunnel() {
        while (written_ < out_.size()) {
            ssize_t n = ::send(fd_, out_.data() + written_, out_.size() - written_, MSG_NOSIGNAL);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return watch(EPOLLIN | EPOLLOUT);
            if (n < 0) return fail("CONNECT through the proxy for " + where() + ": " + std::strerror(errno));
            written_ += static_cast<size_t>(n);
        }
        // The proxy's answer, read up to its blank line and no further: what
        // follows is the origin's TLS.
        char c;
        while (tunnel_answer_.size() < kMaxTunnelAnswer && tunnel_answer_.find("\r\n\r\n") == std::string::npos) {
            ssize_t n = ::recv(fd_, &c, 1, 0);
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return watch(EPOLLIN);
            if (n <= 0) return fail("the proxy closed the connection before answering CONNECT for " + where());
            tunnel_answer_.push_back(c);
        }
        std::string status = tunnel_answer_.substr(0, tunnel_answer_.find("\r\n"));
        if (status.size() < 12 || status.rfind("HTTP/1.", 0) != 0 || status.compare(8, 4, " 200") != 0)
            return fail("the proxy refused CONNECT for " + where() + ": " + status);
        out_.clear();
        written_ = 0;
        start_tls();
    }

    // Resolves the host; the addresses are tried in turn until one connects.
    void connect() {
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* found = nullptr;
        const std::string& host = proxy_ ? proxy_->host : host_;
        std::string port = std::to_string(proxy_ ? proxy_->port : port_);
        if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &found); rc != 0)
            return close_with("resolve " + host + ": " + gai_strerror(rc));
        for (addrinfo* a = found; a; a = a->ai_next) {
            Address address{};
            std::memcpy(&address.storage, a->ai_addr, a->ai_addrlen);
            address.length = a->ai_addrlen;
            addresses_.push_back(address);
        }
        freeaddrinfo(found);
        connect_next(0);
    }

    // Starts a non-blocking connect to the next address; `error` is the last one's.
    void connect_next(int error) {
        if (fd_ >= 0) {
            epoll_ctl(epoll_, EPOLL_CTL_DEL, fd_, nullptr);
            ::close(fd_);
            fd_ = -1;
        }
        while (next_address_ < addresses_.size()) {
            const Address& address = addresses_[next_address_++];
            fd_ = socket(address.storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd_ < 0) {
                error = errno;
                continue;
            }
            int one = 1;
            setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
            if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address.storage), address.length) == 0 ||
                errno == EINPROGRESS) {
                epoll_event event{};
                event.events = EPOLLOUT;
                event.data.fd = fd_;
                epoll_ctl(epoll_, EPOLL_CTL_ADD, fd_, &event);
                watched_ = EPOLLOUT;
                return;
            }
            error = errno;
            ::close(fd_);
            fd_ = -1;
        }
        close_with("connect to " + where() + ": " + std::strerror(error));
    }

    void start_tls() {
        try {
            ssl_ = tls_.session(fd_, host_);
        } catch (const std::exception& e) {
            return fail(e.what());
        }
        state_ = State::tls;
        handshake();
    }

    void handshake() {
        int rc = SSL_connect(ssl_);
        if (rc != 1) {
            int error = SSL_get_error(ssl_, rc);
            if (error == SSL_ERROR_WANT_READ) return watch(EPOLLIN);
            if (error == SSL_ERROR_WANT_WRITE) return watch(EPOLLIN | EPOLLOUT);
            long verified = SSL_get_verify_result(ssl_);
            return fail("TLS handshake with " + where() + ": " +
                        (verified != X509_V_OK ? X509_verify_cert_error_string(verified) : tls_error(error)));
        }
        const unsigned char* protocol = nullptr;
        unsigned length = 0;
        SSL_get0_alpn_selected(ssl_, &protocol, &length);
        if (std::string_view(reinterpret_cast<const char*>(protocol), protocol ? length : 0) != "h2") {
            http1_ = true;
            return close_with(where() + " did not select h2 in ALPN");
        }
        start_session();
    }

    void start_session() {
        nghttp2_session_callbacks* callbacks = nullptr;
        nghttp2_session_callbacks_new(&callbacks);
        nghttp2_session_callbacks_set_on_frame_send_callback(callbacks, &on_frame_send);
        nghttp2_session_callbacks_set_on_frame_not_send_callback(callbacks, &on_frame_not_send);
        nghttp2_session_callbacks_set_on_frame_recv_callback(callbacks, &on_frame_recv);
        nghttp2_session_callbacks_set_on_header_callback(callbacks, &on_header);
        nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, &on_data);
        nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, &on_stream_close);
        int rc = nghttp2_session_client_new(&session_, callbacks, this);
        nghttp2_session_callbacks_del(callbacks);
        if (rc != 0) return fail(std::string("nghttp2_session_client_new: ") + nghttp2_strerror(rc));
        nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}};
        nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, 1);
        state_ = State::settings;
        receive();  // the server's SETTINGS may have come with the handshake's last record
        flush();
    }

    void receive() {
        char buffer[16 * 1024];
        for (;;) {
            errno = 0;
            int n = SSL_read(ssl_, buffer, sizeof(buffer));
            if (n <= 0) {
                int error = SSL_get_error(ssl_, n);
                if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return;
                if (error == SSL_ERROR_ZERO_RETURN || (error == SSL_ERROR_SYSCALL && errno == 0))
                    return fail(where() + " closed the connection");
                return fail("TLS read from " + where() + ": " + tls_error(error));
            }
            ssize_t used = nghttp2_session_mem_recv(session_, reinterpret_cast<const uint8_t*>(buffer), static_cast<size_t>(n));
            if (used < 0) return fail(std::string("HTTP/2 from ") + where() + ": " + nghttp2_strerror(static_cast<int>(used)));
            if (state_ == State::closed) return;
        }
    }

    static std::string tls_error(int error) {
        if (error == SSL_ERROR_SYSCALL) return errno ? std::strerror(errno) : "unexpected end of stream";
        unsigned long code = ERR_get_error();
        ERR_clear_error();
        if (!code) return "SSL error " + std::to_string(error);
        char text[256];
        ERR_error_string_n(code, text, sizeof(text));
        return text;
    }

    void close_with(const std::string& error) {
        state_ = State::closed;
        error_ = error;
    }

    void watch(uint32_t events) {
        if (events == watched_ || fd_ < 0) return;
        epoll_event event{};
        event.events = events;
        event.data.fd = fd_;
        epoll_ctl(epoll_, EPOLL_CTL_MOD, fd_, &event);
        watched_ = events;
    }

    static void add(std::vector<nghttp2_nv>& headers, std::string_view name, std::string_view value) {
        headers.push_back({reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                           reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(), value.size(),
                           NGHTTP2_NV_FLAG_NONE});
    }

    HttpTransfer* stream(int32_t id) {
        auto found = streams_.find(id);
        return found == streams_.end() ? nullptr : found->second.get();
    }

    void finish(int32_t id, bool unprocessed) {
        auto found = streams_.find(id);
        if (found == streams_.end()) return;  // cancelled (timeout)
        finished_.push_back({std::move(found->second), unprocessed});
        streams_.erase(found);
    }

    static ssize_t read_body(nghttp2_session*, int32_t, uint8_t* buffer, size_t length, uint32_t* flags,
                             nghttp2_data_source* source, void*) {
        auto* t = static_cast<HttpTransfer*>(source->ptr);
        size_t n = std::min(length, t->request.body.size() - t->body_offset);
        std::memcpy(buffer, t->request.body.data() + t->body_offset, n);
        t->body_offset += n;
        if (t->body_offset == t->request.body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
        return static_cast<ssize_t>(n);
    }

    static int on_frame_send(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto* self = static_cast<Http2Connection*>(user);
        if (frame->hd.type == NGHTTP2_HEADERS)
            if (HttpTransfer* t = self->stream(frame->hd.stream_id)) t->headers_sent = true;
        return 0;
    }

    // A request whose HEADERS could not leave (e.g. after a GOAWAY): never seen by the server.
    static int on_frame_not_send(nghttp2_session*, const nghttp2_frame* frame, int, void* user) {
        auto* self = static_cast<Http2Connection*>(user);
        if (frame->hd.type == NGHTTP2_HEADERS) self->finish(frame->hd.stream_id, true);
        return 0;
    }

    static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
        auto* self = static_cast<Http2Connection*>(user);
        switch (frame->hd.type) {
        case NGHTTP2_SETTINGS:
            if (!(frame->hd.flags & NGHTTP2_FLAG_ACK) && self->state_ == State::settings) {
                self->state_ = State::ready;
                self->was_ready_ = true;
            }
            break;
        case NGHTTP2_GOAWAY:
            self->draining_ = true;
            self->goaway_last_stream_ = frame->goaway.last_stream_id;
            break;
        case NGHTTP2_HEADERS:
        case NGHTTP2_DATA:
            if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM)
                if (HttpTransfer* t = self->stream(frame->hd.stream_id)) t->answered = true;
            break;
        default:
            break;
        }
        return 0;
    }

    static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, size_t name_length,
                         const uint8_t* value, size_t value_length, uint8_t, void* user) {
        auto* self = static_cast<Http2Connection*>(user);
        HttpTransfer* t = self->stream(frame->hd.stream_id);
        if (!t || frame->hd.type != NGHTTP2_HEADERS) return 0;
        std::string_view key(reinterpret_cast<const char*>(name), name_length);
        std::string_view text(reinterpret_cast<const char*>(value), value_length);
        if (key == ":status") {
            int status = 0;
            for (char c : text) status = status * 10 + (c - '0');  // nghttp2 checked it: three digits
            t->response.status = status;
            t->response.headers.clear();  // a new response (after 1xx): its headers only
        } else if (!key.empty() && key.front() != ':') {
            t->response.headers.emplace_back(std::string(key), std::string(text));
        }
        return 0;
    }

    static int on_data(nghttp2_session*, uint8_t, int32_t id, const uint8_t* data, size_t length, void* user) {
        auto* self = static_cast<Http2Connection*>(user);
        if (HttpTransfer* t = self->stream(id))
            if (!t->append_body(reinterpret_cast<const char*>(data), length)) t->body_too_large = true;
        return 0;
    }

    static int on_stream_close(nghttp2_session*, int32_t id, uint32_t error_code, void* user) {
        auto* self = static_cast<Http2Connection*>(user);
        HttpTransfer* t = self->stream(id);
        if (!t) return 0;
        bool final_answer = t->answered && t->response.status >= 200;
        if (final_answer && t->body_too_large) {
            t->response = HttpResponse{0, "the response body exceeds 1 MiB", {}, {}};
        } else if (!final_answer) {
            bool unprocessed = !t->headers_sent || error_code == NGHTTP2_REFUSED_STREAM ||
                               (self->draining_ && id > self->goaway_last_stream_);
            if (!unprocessed) t->response = HttpResponse{0, HttpTransfer::kNotResent, {}, {}};
            self->finish(id, unprocessed);
            return 0;
        }
        self->finish(id, false);
        return 0;
    }

    int epoll_;
    const TlsContext& tls_;
    std::string host_;
    uint16_t port_;
    std::string authority_;
    std::optional<HttpUrl> proxy_;
    std::string tunnel_answer_;  // the proxy's answer to CONNECT, as read so far
    size_t max_streams_;
    Clock::time_point deadline_;  // of the connection: TCP, TLS and the server's SETTINGS
    State state_ = State::tcp;
    struct Address {
        sockaddr_storage storage;
        socklen_t length;
    };
    std::vector<Address> addresses_;
    size_t next_address_ = 0;
    int fd_ = -1;
    uint32_t watched_ = 0;  // the epoll events asked for
    SSL* ssl_ = nullptr;
    nghttp2_session* session_ = nullptr;
    bool was_ready_ = false;
    bool http1_ = false;
    bool draining_ = false;  // GOAWAY received: no new streams
    int32_t goaway_last_stream_ = 0;
    std::string error_;
    std::string out_;  // frames nghttp2 produced, from written_ on not yet taken by the socket
    size_t written_ = 0;
    std::unordered_map<int32_t, std::unique_ptr<HttpTransfer>> streams_;
    std::vector<Finished> finished_;
};

}  // namespace switchboard::sdk::push
