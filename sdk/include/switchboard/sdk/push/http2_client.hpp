// Switchboard push kit (header-only): an asynchronous HTTP client for push
// providers. One thread runs an epoll loop. HTTPS goes over HTTP/2 with
// multiplexing (Http2Origin, Http2Connection: per origin a few connections
// of many streams, ALPN h2 over OpenSSL, libnghttp2 for the protocol);
// plain http:// endpoints (an integrator's webhook receiver, usually an
// HTTP/1.1 server) and https servers whose ALPN does not select h2 go over
// HTTP/1.1 keep-alive connections on libcurl (Http1Client), whose sockets
// the same loop watches. Both honour https_proxy and no_proxy (HttpProxy). HTTP/2 is not on libcurl: Debian 12's libcurl
// 7.88.1 sends RST_STREAM after every completed stream (fixed in curl 8.0),
// which nghttp2-based servers count as a rapid reset (CVE-2023-44487) and
// answer with GOAWAY after ~1,000 requests, ending the requests in flight.
//
// submit() may be called from any thread and never blocks; a bounded queue
// refuses work beyond `max_queued`. Requests submitted while the thread is
// busy are taken in one batch with one wake-up. Callbacks and posted tasks
// run on the client's thread, one at a time (after stop(), on the stopping
// thread), so state that only they touch needs no lock.
//
// A request is never sent again when the server may have processed it: a
// stream open when its connection died, or reset by the server, is answered
// status 0, kNotResent, and the caller decides whether to try again later.
// What the server certainly did not process — a stream refused with
// REFUSED_STREAM, one above a GOAWAY's last_stream_id (RFC 9113 §8.7,
// §6.8) — is sent again on a connection with a free stream, transparently.
// A request past its timeout is answered status 0 with an error saying
// "timeout", its stream cancelled (RST_STREAM CANCEL: the only reset this
// client sends).
#pragma once

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
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
#include "switchboard/sdk/push/http1_client.hpp"
#include "switchboard/sdk/push/http2_origin.hpp"
#include "switchboard/sdk/push/http_proxy.hpp"
#include "switchboard/sdk/push/http_request.hpp"
#include "switchboard/sdk/push/http_response.hpp"
#include "switchboard/sdk/push/http_transfer.hpp"
#include "switchboard/sdk/push/http_url.hpp"
#include "switchboard/sdk/push/tls_context.hpp"

namespace switchboard::sdk::push {

class Http2Client {
public:
    using Callback = HttpTransfer::Callback;
    using Task = std::function<void()>;

    struct Options {
        std::string ca_file;  // PEM bundle to trust instead of the system's (tests' self-signed certificates)
        std::chrono::milliseconds timeout{10'000};
        std::chrono::milliseconds connect_timeout{5'000};
        size_t max_queued = 10'000;    // requests waiting for a slot; beyond: submit() refuses
        size_t max_in_flight = 1'000;  // requests taken from the queue and not answered (on streams or waiting for one)
        long max_streams_per_connection = 250;  // the server's SETTINGS may lower it
        long max_connections = 4;  // per host; beyond them requests wait for a free stream
    };

    static constexpr const char* kStopped = HttpTransfer::kStopped;
    static constexpr const char* kNotResent = HttpTransfer::kNotResent;

    // Throws when its epoll set, eventfd or TLS context (ca_file) cannot be
    // made, or https_proxy is not an http:// proxy URL.
    explicit Http2Client(Options options)
        : options_(std::move(options)), tls_(options_.ca_file), proxy_(HttpProxy::from_environment()) {
        epoll_ = epoll_create1(EPOLL_CLOEXEC);
        wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (epoll_ < 0 || wake_ < 0) {
            close_descriptors();
            throw std::runtime_error("Http2Client: cannot create its epoll set or eventfd");
        }
        epoll_event wake{};
        wake.events = EPOLLIN;
        wake.data.fd = wake_;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &wake);
        Http1Client::Options http1{options_.ca_file, options_.timeout, options_.connect_timeout, options_.max_connections,
                                   options_.max_in_flight};
        http1_ = std::make_unique<Http1Client>(epoll_, std::move(http1),
                                               [this](std::unique_ptr<HttpTransfer> t) { finish(std::move(t)); });
    }
    ~Http2Client() {
        stop();
        origins_.clear();
        http1_.reset();  // curl's cleanup may still call on its sockets: the epoll set outlives it
        close_descriptors();
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
            waiting_.push_back(std::make_unique<HttpTransfer>(std::move(request), std::move(callback)));
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
    using Clock = HttpTransfer::Clock;

    void wake() const {
        uint64_t one = 1;
        ssize_t written = ::write(wake_, &one, sizeof(one));
        (void)written;  // EAGAIN: the counter is already non-zero, the loop wakes anyway
    }

    void run() {
        std::array<epoll_event, 64> events;
        for (;;) {
            std::vector<std::unique_ptr<HttpTransfer>> starting;
            std::vector<Task> due;
            auto wait = std::chrono::milliseconds(1000);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopped_) break;
                wake_pending_ = false;
                while (!waiting_.empty() && in_flight_ + starting.size() < options_.max_in_flight) {
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
            in_flight_ += starting.size();
            route(std::move(starting));
            for (auto& task : due) run_guarded(task);
            if (auto deadline = next_deadline()) {
                auto until = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
                wait = std::min(wait, std::max(until, std::chrono::milliseconds(0)));
            }
            int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                                   static_cast<int>(std::max<int64_t>(0, wait.count())));
            for (int i = 0; i < ready; ++i) {
                int fd = events[i].data.fd;
                if (fd == wake_) {
                    uint64_t count;
                    ssize_t n = ::read(wake_, &count, sizeof(count));
                    (void)n;
                    continue;
                }
                if (http1_->on_events(fd, events[i].events)) continue;
                for (auto& [key, origin] : origins_)
                    if (origin->on_events(fd, events[i].events)) break;
            }
            auto now = Clock::now();
            http1_->on_deadline(now);
            for (auto& [key, origin] : origins_)
                if (auto deadline = origin->next_deadline(); deadline && *deadline <= now) origin->expire(now);
        }
        // Stopped: answer every transfer taken from the queue.
        for (auto& [key, origin] : origins_) origin->stop();
        http1_->stop();
    }

    // Sends each transfer its way: HTTP/1.1 for http:// and origins without
    // h2, else the origin's HTTP/2 queue (each origin dispatched once).
    void route(std::vector<std::unique_ptr<HttpTransfer>> starting) {
        if (starting.empty()) return;
        auto now = Clock::now();
        std::vector<Http2Origin*> touched;
        for (auto& transfer : starting) {
            std::optional<HttpUrl> url = HttpUrl::parse(transfer->request.url);
            if (!url) {
                transfer->response.error = "not an http:// or https:// URL: " + transfer->request.url;
                finish(std::move(transfer));
                continue;
            }
            transfer->url = std::move(*url);
            Http2Origin* origin = transfer->url.tls ? origin_for(transfer->url) : nullptr;
            if (!origin || origin->http1()) {
                http1_->add(std::move(transfer));
                continue;
            }
            auto timeout = transfer->request.timeout.count() > 0 ? transfer->request.timeout : options_.timeout;
            origin->enqueue(std::move(transfer), now + timeout);
            if (std::find(touched.begin(), touched.end(), origin) == touched.end()) touched.push_back(origin);
        }
        for (Http2Origin* origin : touched) origin->dispatch();
    }

    Http2Origin* origin_for(const HttpUrl& url) {
        std::string key = url.origin();
        auto found = origins_.find(key);
        if (found != origins_.end()) return found->second.get();
        Http2Origin::Limits limits{static_cast<size_t>(options_.max_connections),
                                   static_cast<size_t>(options_.max_streams_per_connection), options_.connect_timeout,
                                   options_.timeout};
        auto origin = std::make_unique<Http2Origin>(
            epoll_, tls_, url, proxy_.for_host(url.host), limits, [this](std::unique_ptr<HttpTransfer> t) { finish(std::move(t)); },
            [this](std::unique_ptr<HttpTransfer> t) { http1_->add(std::move(t)); });
        return origins_.emplace(std::move(key), std::move(origin)).first->second.get();
    }

    std::optional<Clock::time_point> next_deadline() const {
        std::optional<Clock::time_point> next = http1_->deadline();
        for (const auto& [key, origin] : origins_)
            if (auto deadline = origin->next_deadline(); deadline && (!next || *deadline < *next)) next = deadline;
        return next;
    }

    // A transfer taken from the queue is answered.
    void finish(std::unique_ptr<HttpTransfer> transfer) {
        in_flight_--;
        complete(std::move(transfer));
    }

    void complete(std::unique_ptr<HttpTransfer> transfer) {
        // Counted as answered before the callback runs: a request the callback
        // sends next goes to this client again (Http2ClientPool picks the
        // least loaded), so sequential sends stay on one thread.
        unanswered_.fetch_sub(1, std::memory_order_relaxed);
        try {
            if (transfer->callback) transfer->callback(std::move(transfer->response));
        } catch (...) {
            // A callback's failure is its own to report; the client carries on.
        }
    }

    static void run_guarded(Task& task) {
        try {
            task();
        } catch (...) {
            // As for callbacks: a task's failure must not stop the client thread.
        }
    }

    void fail_waiting() {
        std::deque<std::unique_ptr<HttpTransfer>> waiting;
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

    void close_descriptors() {
        if (wake_ >= 0) ::close(wake_);
        if (epoll_ >= 0) ::close(epoll_);
        wake_ = epoll_ = -1;
    }

    Options options_;
    TlsContext tls_;
    HttpProxy proxy_;
    int epoll_ = -1;
    int wake_ = -1;
    std::thread thread_;
    mutable std::mutex mutex_;
    bool stopped_ = false;
    bool wake_pending_ = false;  // an eventfd write for the queued requests is on its way
    std::deque<std::unique_ptr<HttpTransfer>> waiting_;
    std::multimap<Clock::time_point, Task> timers_;
    std::atomic<size_t> unanswered_{0};
    // Only the client thread touches these.
    size_t in_flight_ = 0;  // taken from waiting_, not answered
    std::unique_ptr<Http1Client> http1_;
    std::unordered_map<std::string, std::unique_ptr<Http2Origin>> origins_;
};

}  // namespace switchboard::sdk::push
