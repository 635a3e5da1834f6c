// Switchboard push kit (header-only): Http2Client's HTTP/1.1 path on
// libcurl's multi interface: plain http:// endpoints (an integrator's
// webhook receiver, usually an HTTP/1.1 server) and https servers whose ALPN
// did not select h2, on keep-alive connections. It has no thread of its
// own: Http2Client's epoll loop watches its sockets (curl_multi_socket_action:
// curl is told which socket is ready) and its timer, so its answers come on
// the client thread like the HTTP/2 ones.
//
// A request is sent at most once: curl would silently send it again on a
// new connection when a reused keep-alive connection died before any answer,
// even when the server had already processed it. Its pre-request callback
// aborts such a second attempt, and the request is answered status 0,
// HttpTransfer::kNotResent.
#pragma once

#include <curl/curl.h>
#include <sys/epoll.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "switchboard/sdk/push/http_transfer.hpp"

namespace switchboard::sdk::push {

class Http1Client {
public:
    using Clock = HttpTransfer::Clock;
    using Complete = std::function<void(std::unique_ptr<HttpTransfer>)>;

    struct Options {
        std::string ca_file;
        std::chrono::milliseconds timeout{10'000};
        std::chrono::milliseconds connect_timeout{5'000};
        long max_connections = 4;  // per host
        size_t pooled_handles = 1'000;
    };

    // Registers its sockets in `epoll` (data.fd); `complete` gets every transfer once.
    Http1Client(int epoll, Options options, Complete complete)
        : epoll_(epoll), options_(std::move(options)), complete_(std::move(complete)) {
        static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (global != CURLE_OK) throw std::runtime_error(std::string("curl_global_init: ") + curl_easy_strerror(global));
        multi_ = curl_multi_init();
        if (!multi_) throw std::runtime_error("Http1Client: cannot create a curl multi handle");
        curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &on_socket);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &on_timer);
        curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    }
    ~Http1Client() {
        stop();
        for (CURL* easy : pool_) curl_easy_cleanup(easy);
        curl_multi_cleanup(multi_);  // may still call on_socket: the epoll set outlives it
    }
    Http1Client(const Http1Client&) = delete;
    Http1Client& operator=(const Http1Client&) = delete;

    void add(std::unique_ptr<HttpTransfer> transfer) {
        auto active = std::make_unique<Active>(std::move(transfer));
        if (!begin(*active)) {
            complete_(std::move(active->transfer));
            return;
        }
        Active* raw = active.get();
        active_.emplace(raw, std::move(active));
    }

    // Handles the events of one of its sockets; false when `fd` is not one of them.
    bool on_events(int fd, uint32_t events) {
        if (!watched_.count(fd)) return false;
        int flags = 0;
        if (events & EPOLLIN) flags |= CURL_CSELECT_IN;
        if (events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
        if (events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
        int running = 0;
        curl_multi_socket_action(multi_, fd, flags, &running);
        finish_done();
        return true;
    }

    // When curl wants to be called without a socket event (its timeouts).
    std::optional<Clock::time_point> deadline() const { return deadline_; }

    void on_deadline(Clock::time_point now) {
        if (!deadline_ || *deadline_ > now) return;
        deadline_.reset();
        int running = 0;
        curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
        finish_done();
    }

    // Answers every transfer still on the wire "stopped".
    void stop() {
        auto active = std::move(active_);
        active_.clear();
        for (auto& [raw, entry] : active) {
            curl_multi_remove_handle(multi_, entry->easy);
            release_easy(entry->easy);
            entry->transfer->response = HttpResponse{0, HttpTransfer::kStopped, {}, {}};
            complete_(std::move(entry->transfer));
        }
    }

private:
    // A transfer while curl has it.
    struct Active {
        explicit Active(std::unique_ptr<HttpTransfer> t) : transfer(std::move(t)) {}
        std::unique_ptr<HttpTransfer> transfer;
        CURL* easy = nullptr;
        // curl's header list, its nodes pointing into the request's headers: no copy per header.
        std::vector<curl_slist> header_list;
        int attempts = 0;  // requests curl was about to send (more than one: a resend)
        char error[CURL_ERROR_SIZE] = {0};
    };

    void finish_done() {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURLcode result = msg->data.result;
            Active* raw = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
            auto found = active_.find(raw);
            if (found == active_.end()) continue;
            std::unique_ptr<Active> active = std::move(found->second);
            active_.erase(found);
            long status = 0;
            if (result == CURLE_OK) curl_easy_getinfo(active->easy, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(multi_, active->easy);
            release_easy(active->easy);
            HttpResponse& response = active->transfer->response;
            response.status = static_cast<int32_t>(status);
            if (result != CURLE_OK)
                response.error = active->attempts > 1 ? HttpTransfer::kNotResent
                                 : active->error[0]   ? active->error
                                                      : curl_easy_strerror(result);
            complete_(std::move(active->transfer));
        }
    }

    // An easy handle from the pool, or a new one; its options are set anew per
    // request. (curl_easy_reset costs a little, but without it curl keeps
    // counting its automatic retries from one transfer to the next, and fails
    // a transfer after five over the handle's life.)
    CURL* acquire_easy() {
        if (pool_.empty()) return curl_easy_init();
        CURL* easy = pool_.back();
        pool_.pop_back();
        return easy;
    }

    void release_easy(CURL* easy) {
        if (pool_.size() >= options_.pooled_handles) {
            curl_easy_cleanup(easy);
            return;
        }
        curl_easy_reset(easy);
        pool_.push_back(easy);
    }

    bool begin(Active& a) {
        a.easy = acquire_easy();
        if (!a.easy) {
            a.transfer->response.error = "curl_easy_init failed";
            return false;
        }
        CURL* e = a.easy;
        const HttpRequest& r = a.transfer->request;
        curl_easy_setopt(e, CURLOPT_PRIVATE, &a);
        curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, a.error);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        auto timeout = r.timeout.count() > 0 ? r.timeout : options_.timeout;
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        if (!options_.ca_file.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, options_.ca_file.c_str());
        if (r.method != "GET") {
            curl_easy_setopt(e, CURLOPT_POST, 1L);
            if (r.method != "POST") curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
            curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &on_prerequest);
            curl_easy_setopt(e, CURLOPT_PREREQDATA, &a);
        }
        // No "Expect: 100-continue" round trip for larger bodies.
        static char no_expect[] = "Expect:";
        a.header_list.resize(r.headers.size() + 1);
        a.header_list[0].data = no_expect;
        for (size_t i = 0; i < r.headers.size(); ++i) {
            a.header_list[i].next = &a.header_list[i + 1];
            a.header_list[i + 1].data = a.transfer->request.headers[i].data();
        }
        a.header_list.back().next = nullptr;
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, a.header_list.data());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, a.transfer.get());
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &a.transfer->response);
        if (curl_multi_add_handle(multi_, e) != CURLM_OK) {
            release_easy(e);
            a.transfer->response.error = "curl_multi_add_handle failed";
            return false;
        }
        return true;
    }

    // curl tells which sockets to watch for what; the loop's epoll set
    // follows. curl repeats itself (the same events for a socket, once per
    // transfer on it): only a change costs a system call.
    static int on_socket(CURL*, curl_socket_t socket, int what, void* user, void*) {
        auto* self = static_cast<Http1Client*>(user);
        if (what == CURL_POLL_REMOVE) {
            self->watched_.erase(socket);
            epoll_ctl(self->epoll_, EPOLL_CTL_DEL, socket, nullptr);  // already gone if curl closed it: fine
            return 0;
        }
        uint32_t events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
        auto [watched, added] = self->watched_.try_emplace(socket, events);
        if (!added && watched->second == events) return 0;
        watched->second = events;
        epoll_event event{};
        event.events = events;
        event.data.fd = socket;
        if (epoll_ctl(self->epoll_, EPOLL_CTL_MOD, socket, &event) != 0 && errno == ENOENT)
            epoll_ctl(self->epoll_, EPOLL_CTL_ADD, socket, &event);
        return 0;
    }

    // curl's single timeout: -1 none, 0 as soon as the loop can.
    static int on_timer(CURLM*, long timeout_ms, void* user) {
        auto* self = static_cast<Http1Client*>(user);
        if (timeout_ms < 0) self->deadline_.reset();
        else self->deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
        return 0;
    }

    // Called on a connection, just before curl sends the request. A second
    // call is curl sending it again after the first connection died; the
    // server may have processed the first. Aborting here (rather than
    // refusing the body's rewind) keeps the new connection alive.
    static int on_prerequest(void* user, char*, char*, int, int) {
        auto* a = static_cast<Active*>(user);
        return ++a->attempts > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
    }

    static size_t on_body(char* data, size_t size, size_t count, void* user) {
        size_t n = size * count;
        return static_cast<HttpTransfer*>(user)->append_body(data, n) ? n : 0;
    }

    static size_t on_header(char* data, size_t size, size_t count, void* user) {
        auto* response = static_cast<HttpResponse*>(user);
        size_t n = size * count;
        std::string_view line(data, n);
        if (line.rfind("HTTP/", 0) == 0) {
            response->headers.clear();  // a new response (after 1xx): its headers only
            return n;
        }
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) return n;
        std::string name(line.substr(0, colon));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) value.remove_suffix(1);
        response->headers.emplace_back(std::move(name), std::string(value));
        return n;
    }

    int epoll_;
    Options options_;
    Complete complete_;
    CURLM* multi_ = nullptr;
    std::unordered_map<Active*, std::unique_ptr<Active>> active_;
    std::vector<CURL*> pool_;
    std::unordered_map<curl_socket_t, uint32_t> watched_;  // the epoll events of each of curl's sockets
    std::optional<Clock::time_point> deadline_;
};

}  // namespace switchboard::sdk::push
