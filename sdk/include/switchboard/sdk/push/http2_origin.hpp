// Switchboard push kit (header-only): Http2Client's HTTP/2 connections to
// one origin (https, host, port) and the requests waiting for a stream on
// them, in order. Up to `max_connections` connections, each with up to
// min(`max_streams`, the server's SETTINGS_MAX_CONCURRENT_STREAMS)
// streams; another connection opens when the waiting requests exceed what
// the connections being set up will take.
//
// What a connection says the server certainly did not process (a refused
// stream, one above a GOAWAY's last_stream_id, HEADERS never sent) goes back
// to the front of the queue and is sent again, on whichever connection has
// a free stream (up to kMaxAttempts streams per request); what the server
// may have processed is answered, never sent again. When the server's ALPN
// does not select h2, the origin sends everything to HTTP/1.1 from then on.
#pragma once

#include <algorithm>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "switchboard/sdk/push/http2_connection.hpp"
#include "switchboard/sdk/push/http_transfer.hpp"
#include "switchboard/sdk/push/tls_context.hpp"

namespace switchboard::sdk::push {

class Http2Origin {
public:
    using Clock = HttpTransfer::Clock;
    using Complete = std::function<void(std::unique_ptr<HttpTransfer>)>;

    static constexpr int kMaxAttempts = 5;

    struct Limits {
        size_t max_connections = 4;
        size_t max_streams = 250;  // per connection
        std::chrono::milliseconds connect_timeout{5'000};
        std::chrono::milliseconds timeout{10'000};  // of a request without its own
    };

    // `complete` answers a transfer; `to_http1` takes those of an origin without h2.
    // `proxy`: the http:// proxy to reach it through, if any.
    Http2Origin(int epoll, const TlsContext& tls, HttpUrl url, std::optional<HttpUrl> proxy, Limits limits,
                Complete complete, Complete to_http1)
        : epoll_(epoll),
          tls_(tls),
          url_(std::move(url)),
          proxy_(std::move(proxy)),
          limits_(limits),
          complete_(std::move(complete)),
          to_http1_(std::move(to_http1)) {}
    Http2Origin(const Http2Origin&) = delete;
    Http2Origin& operator=(const Http2Origin&) = delete;

    // The server did not select h2: its requests go to HTTP/1.1.
    bool http1() const { return http1_; }

    // Queues a transfer, answered by `deadline` at the latest; dispatch() sends it.
    void enqueue(std::unique_ptr<HttpTransfer> transfer, Clock::time_point deadline) {
        transfer->deadline = deadlines_.emplace(deadline, transfer.get());
        transfer->has_deadline = true;
        waiting_.push_back(std::move(transfer));
    }

    // Gives waiting transfers free streams, opens connections when they lack them, and writes.
    void dispatch() {
        settle();
        do {
            std::vector<Http2Connection*> written;
            for (auto& connection : connections_) {
                size_t free = waiting_.empty() ? 0 : connection->free_streams();
                if (free == 0) continue;
                for (; free > 0 && !waiting_.empty(); --free) {
                    connection->submit(std::move(waiting_.front()));
                    waiting_.pop_front();
                }
                written.push_back(connection.get());
            }
            open_connections();
            for (Http2Connection* connection : written) connection->flush();
        } while (settle() && !waiting_.empty());
    }

    // Handles the events of one of its connections' sockets; false when `fd` is none of them.
    bool on_events(int fd, uint32_t events) {
        for (auto& connection : connections_) {
            if (connection->fd() != fd) continue;
            connection->on_events(events);
            dispatch();
            return true;
        }
        return false;
    }

    // The earliest request or connection deadline.
    std::optional<Clock::time_point> next_deadline() const {
        std::optional<Clock::time_point> next;
        if (!deadlines_.empty()) next = deadlines_.begin()->first;
        for (const auto& connection : connections_)
            if (connection->connecting() && (!next || connection->connect_deadline() < *next))
                next = connection->connect_deadline();
        return next;
    }

    // Ends connections not set up in time and answers requests past their
    // deadline: a request on a stream is cancelled (RST_STREAM CANCEL).
    void expire(Clock::time_point now) {
        for (auto& connection : connections_)
            if (connection->connecting() && connection->connect_deadline() <= now)
                connection->fail("connect to " + url_.origin() + ": timeout after " +
                                 std::to_string(limits_.connect_timeout.count()) + " ms (TCP and TLS)");
        std::unordered_set<HttpTransfer*> expired_waiting;
        std::vector<std::unique_ptr<HttpTransfer>> expired;
        while (!deadlines_.empty() && deadlines_.begin()->first <= now) {
            HttpTransfer* transfer = deadlines_.begin()->second;
            if (transfer->stream_id == 0) {
                expired_waiting.insert(transfer);
                deadlines_.erase(deadlines_.begin());
                transfer->has_deadline = false;
                continue;
            }
            std::unique_ptr<HttpTransfer> cancelled;
            for (auto& connection : connections_)
                if ((cancelled = connection->cancel(transfer))) break;
            deadlines_.erase(deadlines_.begin());
            transfer->has_deadline = false;
            if (cancelled) expired.push_back(std::move(cancelled));
        }
        if (!expired_waiting.empty()) {
            std::deque<std::unique_ptr<HttpTransfer>> kept;
            for (auto& transfer : waiting_) {
                if (expired_waiting.count(transfer.get())) expired.push_back(std::move(transfer));
                else kept.push_back(std::move(transfer));
            }
            waiting_.swap(kept);
        }
        for (auto& transfer : expired) {
            auto timeout = transfer->request.timeout.count() > 0 ? transfer->request.timeout : limits_.timeout;
            transfer->response = HttpResponse{
                0,
                "timeout: no answer within " + std::to_string(timeout.count()) + " ms" +
                    (transfer->headers_sent ? " (the provider may have it; not sent again)" : ""),
                {},
                {}};
            complete(std::move(transfer));
        }
        for (auto& connection : connections_) connection->flush();
        dispatch();
    }

    // Answers every transfer, queued or on a stream, "stopped", and closes the connections.
    void stop() {
        std::vector<std::unique_ptr<HttpTransfer>> all;
        for (auto& connection : connections_) {
            for (auto& transfer : connection->take_streams()) all.push_back(std::move(transfer));
            for (auto& finished : connection->take_finished()) all.push_back(std::move(finished.transfer));
        }
        connections_.clear();
        for (auto& transfer : waiting_) all.push_back(std::move(transfer));
        waiting_.clear();
        for (auto& transfer : all) {
            transfer->response = HttpResponse{0, HttpTransfer::kStopped, {}, {}};
            complete(std::move(transfer));
        }
    }

private:
    // Opens connections while the waiting requests exceed the streams of
    // those being set up.
    void open_connections() {
        size_t coming = 0;
        for (const auto& connection : connections_)
            if (connection->connecting()) coming += limits_.max_streams;
        while (waiting_.size() > coming && connections_.size() < limits_.max_connections) {
            auto connection = std::make_unique<Http2Connection>(epoll_, tls_, url_, proxy_, limits_.max_streams,
                                                                Clock::now() + limits_.connect_timeout);
            if (connection->closed()) {
                if (connections_.empty()) fail_waiting(connection->error());
                return;
            }
            connections_.push_back(std::move(connection));
            coming += limits_.max_streams;
        }
    }

    // Answers what the connections finished, queues again what they did not
    // process, and drops the closed connections. True when it queued again
    // or dropped something (the caller dispatches once more).
    bool settle() {
        bool changed = false;
        std::vector<std::unique_ptr<HttpTransfer>> again;
        for (auto& connection : connections_) {
            for (auto& finished : connection->take_finished()) {
                if (!finished.unprocessed) {
                    complete(std::move(finished.transfer));
                } else if (finished.transfer->attempts >= kMaxAttempts) {
                    finished.transfer->response = HttpResponse{
                        0, "the server refused the request " + std::to_string(kMaxAttempts) + " times (not processed)", {}, {}};
                    complete(std::move(finished.transfer));
                } else {
                    finished.transfer->stream_id = 0;
                    again.push_back(std::move(finished.transfer));
                }
            }
        }
        changed = !again.empty();
        for (auto it = again.rbegin(); it != again.rend(); ++it) waiting_.push_front(std::move(*it));
        for (auto it = connections_.begin(); it != connections_.end();) {
            if (!(*it)->closed()) {
                ++it;
                continue;
            }
            changed = true;
            std::unique_ptr<Http2Connection> closed = std::move(*it);
            it = connections_.erase(it);
            if (closed->http1()) {
                http1_ = true;
                auto waiting = std::move(waiting_);
                waiting_.clear();
                for (auto& transfer : waiting) {
                    forget_deadline(*transfer);
                    to_http1_(std::move(transfer));
                }
            } else if (!closed->was_ready() &&
                       std::none_of(connections_.begin(), connections_.end(), [](const auto& c) { return !c->closed(); })) {
                // No connection left to wait for: the waiting requests get its error.
                fail_waiting(closed->error());
            }
        }
        return changed;
    }

    void fail_waiting(const std::string& error) {
        auto waiting = std::move(waiting_);
        waiting_.clear();
        for (auto& transfer : waiting) {
            transfer->response = HttpResponse{0, error, {}, {}};
            complete(std::move(transfer));
        }
    }

    void forget_deadline(HttpTransfer& transfer) {
        if (!transfer.has_deadline) return;
        deadlines_.erase(transfer.deadline);
        transfer.has_deadline = false;
    }

    void complete(std::unique_ptr<HttpTransfer> transfer) {
        forget_deadline(*transfer);
        complete_(std::move(transfer));
    }

    int epoll_;
    const TlsContext& tls_;
    HttpUrl url_;
    std::optional<HttpUrl> proxy_;
    Limits limits_;
    Complete complete_;
    Complete to_http1_;
    bool http1_ = false;
    std::vector<std::unique_ptr<Http2Connection>> connections_;
    std::deque<std::unique_ptr<HttpTransfer>> waiting_;
    HttpTransfer::Deadlines deadlines_;
};

}  // namespace switchboard::sdk::push
