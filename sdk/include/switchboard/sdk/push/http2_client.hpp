// Switchboard push kit (header-only): an asynchronous HTTP client for push
// providers. One thread drives a libcurl multi handle with HTTP/2
// multiplexing (every request to a host shares one connection: ALPN h2 over
// TLS); plain http:// endpoints get HTTP/1.1 on keep-alive connections.
// submit() may be called from any thread and never blocks; a bounded queue
// refuses work beyond `max_queued`. Callbacks and posted tasks run on the
// client's thread, one at a time (after stop(), on the stopping thread), so
// state that only they touch needs no lock.
#pragma once

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
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
        size_t max_queued = 10'000;     // requests waiting for a slot; beyond: submit() refuses
        size_t max_in_flight = 1'000;   // concurrent transfers (HTTP/2 streams over few connections)
        long max_concurrent_streams = 1'000;
    };

    explicit Http2Client(Options options) : options_(std::move(options)) {
        static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
        if (global != CURLE_OK) throw std::runtime_error(std::string("curl_global_init: ") + curl_easy_strerror(global));
        multi_ = curl_multi_init();
        if (!multi_) throw std::runtime_error("curl_multi_init failed");
        curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
        curl_multi_setopt(multi_, CURLMOPT_MAX_CONCURRENT_STREAMS, options_.max_concurrent_streams);
    }
    ~Http2Client() {
        stop();
        curl_multi_cleanup(multi_);
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
        curl_multi_wakeup(multi_);
        if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
        fail_waiting();
    }

    enum class Admission { queued, queue_full, stopped };

    // Queues a request; `callback` then runs exactly once on the client
    // thread. When the queue is full or the client stopped, the callback is
    // dropped uncalled.
    Admission submit(HttpRequest request, Callback callback) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (stopped_) return Admission::stopped;
            if (waiting_.size() >= options_.max_queued) return Admission::queue_full;
            waiting_.push_back(std::make_unique<Transfer>(std::move(request), std::move(callback)));
        }
        curl_multi_wakeup(multi_);
        return Admission::queued;
    }

    // The options every push plugin declares for its client (see the
    // plugins' READMEs): ca_file, timeout, connect_timeout, max_queue, max_in_flight.
    static Options options_from(const Host& host) {
        Options options;
        options.ca_file = host.optional_string("ca_file").value_or("");
        options.timeout = std::chrono::milliseconds(host.integer("timeout"));
        options.connect_timeout = std::chrono::milliseconds(host.integer("connect_timeout"));
        options.max_queued = static_cast<size_t>(host.integer("max_queue"));
        options.max_in_flight = static_cast<size_t>(host.integer("max_in_flight"));
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
        curl_multi_wakeup(multi_);
    }

    size_t queued() const {
        std::lock_guard<std::mutex> lock(mutex_);
        return waiting_.size();
    }

private:
    using Clock = std::chrono::steady_clock;

    struct Transfer {
        Transfer(HttpRequest r, Callback c) : request(std::move(r)), callback(std::move(c)) {}
        ~Transfer() {
            if (easy) curl_easy_cleanup(easy);
            if (header_list) curl_slist_free_all(header_list);
        }
        HttpRequest request;
        Callback callback;
        HttpResponse response;
        CURL* easy = nullptr;
        curl_slist* header_list = nullptr;
        char error[CURL_ERROR_SIZE] = {0};
    };

    void run() {
        // The transfers on the wire, by easy handle; only this thread touches it.
        std::map<CURL*, std::unique_ptr<Transfer>> active;
        for (;;) {
            std::vector<std::unique_ptr<Transfer>> starting;
            std::vector<Task> due;
            auto wait = std::chrono::milliseconds(1000);
            {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopped_) break;
                while (!waiting_.empty() && active.size() + starting.size() < options_.max_in_flight) {
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
                if (begin(*transfer)) {
                    CURL* easy = transfer->easy;
                    active.emplace(easy, std::move(transfer));
                } else {
                    complete(std::move(transfer));
                }
            }
            for (auto& task : due) run_guarded(task);
            int running = 0;
            curl_multi_perform(multi_, &running);
            int left = 0;
            while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
                if (msg->msg != CURLMSG_DONE) continue;
                CURLcode result = msg->data.result;
                auto found = active.find(msg->easy_handle);
                if (found == active.end()) continue;
                std::unique_ptr<Transfer> transfer = std::move(found->second);
                active.erase(found);
                curl_multi_remove_handle(multi_, transfer->easy);
                if (result == CURLE_OK) {
                    long status = 0;
                    curl_easy_getinfo(transfer->easy, CURLINFO_RESPONSE_CODE, &status);
                    transfer->response.status = static_cast<int32_t>(status);
                } else {
                    transfer->response.status = 0;
                    transfer->response.error = transfer->error[0] ? transfer->error : curl_easy_strerror(result);
                }
                complete(std::move(transfer));
            }
            bool more_waiting;
            {
                std::lock_guard<std::mutex> lock(mutex_);
                more_waiting = !waiting_.empty() && active.size() < options_.max_in_flight;
            }
            if (!more_waiting) curl_multi_poll(multi_, nullptr, 0, static_cast<int>(std::max<int64_t>(0, wait.count())), nullptr);
        }
        // Stopped: answer every transfer still on the wire.
        for (auto& [easy, transfer] : active) {
            curl_multi_remove_handle(multi_, easy);
            transfer->response.error = "stopped";
            complete(std::move(transfer));
        }
    }

    bool begin(Transfer& t) {
        t.easy = curl_easy_init();
        if (!t.easy) {
            t.response.error = "curl_easy_init failed";
            return false;
        }
        CURL* e = t.easy;
        const HttpRequest& r = t.request;
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
        if (r.method == "POST") {
            curl_easy_setopt(e, CURLOPT_POST, 1L);
            curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
            curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
        } else if (r.method != "GET") {
            curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r.method.c_str());
            if (!r.body.empty()) {
                curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
                curl_easy_setopt(e, CURLOPT_POSTFIELDS, r.body.data());
            }
        }
        // No "Expect: 100-continue" round trip for larger bodies.
        t.header_list = curl_slist_append(t.header_list, "Expect:");
        for (const auto& h : r.headers) t.header_list = curl_slist_append(t.header_list, h.c_str());
        curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.header_list);
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &t.response);
        curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
        curl_easy_setopt(e, CURLOPT_HEADERDATA, &t.response);
        if (curl_multi_add_handle(multi_, e) != CURLM_OK) {
            t.response.error = "curl_multi_add_handle failed";
            return false;
        }
        return true;
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

    static void complete(std::unique_ptr<Transfer> transfer) {
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
        std::deque<std::unique_ptr<Transfer>> waiting;
        std::multimap<Clock::time_point, Task> timers;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            waiting.swap(waiting_);
            timers.swap(timers_);
        }
        for (auto& transfer : waiting) {
            transfer->response.error = "stopped";
            complete(std::move(transfer));
        }
        for (auto& [at, task] : timers) run_guarded(task);
    }

    Options options_;
    CURLM* multi_ = nullptr;
    std::thread thread_;
    mutable std::mutex mutex_;
    bool stopped_ = false;
    std::deque<std::unique_ptr<Transfer>> waiting_;
    std::multimap<Clock::time_point, Task> timers_;
};

}  // namespace switchboard::sdk::push
