// Switchboard push kit (header-only): an asynchronous HTTP client for push
// providers. One thread runs an epoll loop around a libcurl multi handle
// (curl_multi_socket_action: curl is told which socket is ready instead of
// walking every transfer) with HTTP/2 multiplexing: many streams per
// connection (ALPN h2 over TLS), a few connections per host; plain http://
// endpoints (an integrator's webhook receiver, usually an HTTP/1.1 server)
// get HTTP/1.1 on keep-alive connections. Easy handles are reused from a
// pool; connections stay in the multi handle's cache.
//
// submit() may be called from any thread and never blocks; a bounded queue
// refuses work beyond `max_queued`. Requests submitted while the thread is
// busy are taken in one batch with one wake-up. Callbacks and posted tasks
// run on the client's thread, one at a time (after stop(), on the stopping
// thread), so state that only they touch needs no lock.
//
// A request other than GET is sent at most once: curl would silently send a
// request again on a new connection when the old one died (or refused the
// stream) before any answer, even when the server had already processed it —
// a notification delivered twice. The client forbids that resend (its
// pre-request callback aborts a second attempt before it is sent) and
// answers the request with status 0 and an error saying so; the caller
// decides whether to try again later.
#pragma once

#include <curl/curl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http_request.hpp"
#include "switchboard/sdk/push/http_response.hpp"

namespace switchboard::sdk::push {

class Http2Client {
public:
    using Callback = std::function<void(HttpResponse&&)>;
    using Task = std::function<void()>;

    struct Options {
        std::string ca_file;  // PEM bundle to trust instead of the system's (tests' self-signed certificates)
        std::chrono::milliseconds timeout{10'000};
        std::chrono::milliseconds connect_timeout{5'000};
        size_t max_queued = 10'000;    // requests waiting for a slot; beyond: submit() refuses
        size_t max_in_flight = 1'000;  // concurrent transfers (HTTP/2 streams over few connections)
        // Streams per connection (the server's SETTINGS may lower it). curl
        // visits every transfer of a connection on each of its socket
        // events, so a few connections of a few hundred streams cost less
        // CPU than one of thousands.
        long max_streams_per_connection = 250;
        long max_connections = 4;  // per host; beyond them requests wait for a free stream
    };

    static constexpr const char* kStopped = "stopped";
    static constexpr const char* kNotResent =
        "the connection closed or refused the stream before an answer; not sent again (the provider may have it)";

    explicit Http2Client(Options options) : options_(std::move(options)) {
        static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (global != CURLE_OK) throw std::runtime_error(std::string("curl_global_init: ") + curl_easy_strerror(global));
        epoll_ = epoll_create1(EPOLL_CLOEXEC);
        wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        multi_ = curl_multi_init();
        if (epoll_ < 0 || wake_ < 0 || !multi_) {
            release();
            throw std::runtime_error("Http2Client: cannot create its epoll, eventfd or curl multi handle");
        }
        epoll_event wake{};
        wake.events = EPOLLIN;
        wake.data.fd = wake_;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &wake);
        curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        curl_multi_setopt(multi_, CURLMOPT_MAX_CONCURRENT_STREAMS, options_.max_streams_per_connection);
        curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, options_.max_connections);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &on_socket);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &on_timer);
        curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    }
    ~Http2Client() {
        stop();
        release();
    }
    Http2Client(const Http2Client&) = delete;
    Http2Client& operator=(const Http2Client&) = delete;

    void start() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (thread_.joinable() || stopped_) return;
        thread_ = std::thread([this] { run(); });
    }

    // Stops the thread. Every request not yet answered is answered with
    // status 0 and error "stopped", and every posted task not yet run runs
    // now, on this thread (so work a task owns is still answered; its
    // submit() calls answer `stopped`).
    void stop() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopped_ = true;
        }
        wake();
        if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
        fail_waiting();
    }

    enum class Admission { queued, queue_full, stopped };

    // Queues a request; `callback` then runs exactly once on the client
    // thread. When the queue is full or the client stopped, the callback is
    // dropped uncalled.
    Admission submit(HttpRequest request, Callback callback) {
        bool signal;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopped_) return Admission::stopped;
            if (waiting_.size() >= options_.max_queued) return Admission::queue_full;
            waiting_.push_back(std::make_unique<Transfer>(std::move(request), std::move(callback)));
            unanswered_.fetch_add(1, std::memory_order_relaxed);
            signal = !wake_pending_;
            wake_pending_ = true;
        }
        if (signal) wake();
        return Admission::queued;
    }

    // The options every push plugin declares for its client (ClientOptions,
    // see the plugins' READMEs): ca_file, timeout, connect_timeout,
    // max_queue, max_in_flight, max_streams_per_connection, max_connections.
    static Options options_from(const Host& host) {
        Options options;
        options.ca_file = host.optional_string("ca_file").value_or("");
        options.timeout = std::chrono::milliseconds(host.integer("timeout"));
        options.connect_timeout = std::chrono::milliseconds(host.integer("connect_timeout"));
        options.max_queued = static_cast<size_t>(host.integer("max_queue"));
        options.max_in_flight = static_cast<size_t>(host.integer("max_in_flight"));
        options.max_streams_per_connection = static_cast<long>(host.integer("max_streams_per_connection"));
        options.max_connections = static_cast<long>(host.integer("max_connections"));
        return options;
    }

    // Runs `task` on the client thread after `delay`, or at stop() if that comes first.
    // After stop() it runs at once, on the calling thread.
    void post(std::chrono::milliseconds delay, Task task) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!stopped_) {
                timers_.emplace(Clock::now() + delay, std::move(task));
                task = nullptr;
            }
        }
        if (task) {
            run_guarded(task);
            return;
        }
        wake();
    }

    size_t queued() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return waiting_.size();
    }

    // Requests accepted and not yet answered (queued or on the wire), without
    // a lock: what Http2ClientPool balances on.
    size_t unanswered() const { return unanswered_.load(std::memory_order_relaxed); }

private:
    using Clock = std::chrono::steady_clock;

    struct Transfer {
        Transfer(HttpRequest r, Callback c) : request(std::move(r)), callback(std::move(c)) {}
        HttpRequest request;
        Callback callback;
        HttpResponse response;
        CURL* easy = nullptr;
        // curl's header list, its nodes pointing into request.headers: no copy per header.
        std::vector<curl_slist> header_list;
        int attempts = 0;  // requests curl was about to send (more than one: a resend)
        char error[CURL_ERROR_SIZE] = {0};
    };

    void wake() const {
        uint64_t one = 1;
        ssize_t written = ::write(wake_, &one, sizeof(one));
        (void)written;  // EAGAIN: the counter is already non-zero, the loop wakes anyway
    }

    void run() {
        std::array<epoll_event, 64> events;
        for (;;) {
            std::vector<std::unique_ptr<Transfer>> starting;
            std::vector<Task> due;
            auto wait = std::chrono::milliseconds(1000);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopped_) break;
                wake_pending_ = false;
                while (!waiting_.empty() && active_.size() + starting.size() < options_.max_in_flight) {
                    starting.push_back(std::move(waiting_.front()));
                    waiting_.pop_front();
                }
                auto now = Clock::now();
                while (!timers_.empty() && timers_.begin()->first <= now) {
                    due.push_back(std::move(timers_.begin()->second));
                    timers_.erase(timers_.begin());
                }
                if (!timers_.empty())
                    wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(timers_.begin()->first - now));
            }
            for (auto& transfer : starting) {
                if (!begin(*transfer)) {
                    complete(std::move(transfer));
                    continue;
                }
                Transfer* raw = transfer.get();
                active_.emplace(raw, std::move(transfer));
            }
            for (auto& task : due) run_guarded(task);
            if (curl_deadline_) {
                auto until = std::chrono::ceil<std::chrono::milliseconds>(*curl_deadline_ - Clock::now());
                wait = std::min(wait, std::max(until, std::chrono::milliseconds(0)));
            }
            int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                                   static_cast<int>(std::max<int64_t>(0, wait.count())));
            int running = 0;
            for (int i = 0; i < ready; ++i) {
                int fd = events[i].data.fd;
                if (fd == wake_) {
                    uint64_t count;
                    ssize_t n = ::read(wake_, &count, sizeof(count));
                    (void)n;
                    continue;
                }
                int flags = 0;
                if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
                if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
                if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
                curl_multi_socket_action(multi_, fd, flags, &running);
            }
            if (curl_deadline_ && *curl_deadline_ <= Clock::now()) {
                curl_deadline_.reset();
                curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
            }
            finish_done();
        }
        // Stopped: answer every transfer still on the wire.
        for (auto& [raw, transfer] : active_) {
            curl_multi_remove_handle(multi_, transfer->easy);
            release_easy(transfer->easy);
            transfer->response.status = 0;
            transfer->response.error = kStopped;
            complete(std::move(transfer));
        }
        active_.clear();
    }

    void finish_done() {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            CURLcode result = msg->data.result;
            Transfer* raw = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &raw);
            auto found = active_.find(raw);
            if (found == active_.end()) continue;
            std::unique_ptr<Transfer> transfer = std::move(found->second);
            active_.erase(found);
            long status = 0;
            if (result == CURLE_OK) curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(multi_, transfer->easy);
            release_easy(transfer->easy);
            transfer->easy = nullptr;
            transfer->response.status = static_cast<int32_t>(status);
            if (result != CURLE_OK)
                transfer->response.error = transfer->attempts > 1 ? kNotResent
                                           : transfer->error[0]     ? transfer->error
                                                                    : curl_easy_strerror(result);
            complete(std::move(transfer));
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
        if (pool_.size() >= options_.max_in_flight) {
            curl_easy_cleanup(easy);
            return;
        }
        curl_easy_reset(easy);
        pool_.push_back(easy);
    }

    bool begin(Transfer& t) {
        t.easy = acquire_easy();
        if (!t.easy) {
            t.response.error = "curl_easy_init failed";
            return false;
        }
        CURL* e = t.easy;
        const HttpRequest& r = t.request;
        curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
        curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
        curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        // Plain http:// endpoints (a webhook receiver) are HTTP/1.1 servers as a rule; over TLS, ALPN picks h2.
        bool plain = r.url.rfind("http://", 0) == 0;
        curl_easy_setopt(e, CURLOPT_HTTP_VERSION, plain ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_2TLS);
        curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
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
            curl_easy_setopt(e, CURLOPT_PREREQDATA, &t);
        }
        // No "Expect: 100-continue" round trip for larger bodies.
        static char no_expect[] = "Expect:";
        t.header_list.resize(r.headers.size() + 1);
        t.header_list[0].data = no_expect;
        for (size_t i = 0; i < r.headers.size(); ++i) {
            t.header_list[i].next = &t.header_list[i + 1];
            t.header_list[i + 1].data = t.request.headers[i].data();
        }
        t.header_list.back().next = nullptr;
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.header_list.data());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t.response);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &t.response);
        if (curl_multi_add_handle(multi_, e) != CURLM_OK) {
            release_easy(e);
            t.easy = nullptr;
            t.response.error = "curl_multi_add_handle failed";
            return false;
        }
        return true;
    }

    // curl tells which sockets to watch for what; the loop's epoll set
    // follows. curl repeats itself (the same events for a socket, once per
    // transfer on it): only a change costs a system call.
    static int on_socket(CURL*, curl_socket_t socket, int what, void* user, void*) {
        auto* self = static_cast<Http2Client*>(user);
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
        auto* self = static_cast<Http2Client*>(user);
        if (timeout_ms < 0) self->curl_deadline_.reset();
        else self->curl_deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
        return 0;
    }

    // Called on a connection, just before curl sends the request. A second
    // call is curl sending it again after the first connection died or
    // refused the stream; the server may have processed the first. Aborting
    // here (rather than refusing the body's rewind) keeps the new
    // connection, and the other requests on it, alive.
    static int on_prerequest(void* user, char*, char*, int, int) {
        auto* t = static_cast<Transfer*>(user);
        return ++t->attempts > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
    }

    static size_t on_body(char* data, size_t size, size_t count, void* user) {
        static constexpr size_t kMaxBody = 1 << 20;  // providers answer small JSON documents
        auto* response = static_cast<HttpResponse*>(user);
        size_t n = size * count;
        if (response->body.size() + n > kMaxBody) return 0;
        response->body.append(data, n);
        return n;
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

    void complete(std::unique_ptr<Transfer> transfer) {
        try {
            if (transfer->callback) transfer->callback(std::move(transfer->response));
        } catch (...) {
            // A callback's failure is its own to report; the client carries on.
        }
        unanswered_.fetch_sub(1, std::memory_order_relaxed);
    }

    static void run_guarded(Task& task) {
        try {
            task();
        } catch (...) {
            // As for callbacks: a task's failure must not stop the client thread.
        }
    }

    void fail_waiting() {
        std::deque<std::unique_ptr<Transfer>> waiting;
        std::multimap<Clock::time_point, Task> timers;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            waiting.swap(waiting_);
            timers.swap(timers_);
        }
        for (auto& transfer : waiting) {
            transfer->response.error = kStopped;
            complete(std::move(transfer));
        }
        for (auto& [at, task] : timers) run_guarded(task);
    }

    void release() {
        for (CURL* easy : pool_) curl_easy_cleanup(easy);
        pool_.clear();
        if (multi_) curl_multi_cleanup(multi_);  // may still call on_socket: the epoll set outlives it
        multi_ = nullptr;
        if (wake_ >= 0) ::close(wake_);
        if (epoll_ >= 0) ::close(epoll_);
        wake_ = epoll_ = -1;
    }

    Options options_;
    int epoll_ = -1;
    int wake_ = -1;
    CURLM* multi_ = nullptr;
    std::thread thread_;
    mutable std::mutex mutex_;
    bool stopped_ = false;
    bool wake_pending_ = false;  // an eventfd write for the queued requests is on its way
    std::deque<std::unique_ptr<Transfer>> waiting_;
    std::multimap<Clock::time_point, Task> timers_;
    std::atomic<size_t> unanswered_{0};
    // Only the client thread touches these.
    std::unordered_map<Transfer*, std::unique_ptr<Transfer>> active_;
    std::vector<CURL*> pool_;
    std::unordered_map<curl_socket_t, uint32_t> watched_;  // the epoll events of each of curl's sockets
    std::optional<Clock::time_point> curl_deadline_;
};

}  // namespace switchboard::sdk::push
