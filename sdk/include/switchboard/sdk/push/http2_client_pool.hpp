// Switchboard push kit (header-only): several Http2Clients behind one
// submit(), so that a push plugin uses more than one core's worth of
// TLS and HTTP/2. Each client has its own thread, epoll loop and
// connections; a request goes to the client with the
// fewest unanswered requests, the first one on ties: light traffic stays on
// the first thread and its warm connections, in the order it was submitted
// (a second thread's first request would wait for its TLS handshake and
// overtake later ones); under load the threads share it evenly.
//
// The pool's max_queued, max_in_flight and max_connections are totals,
// shared out among the threads (rounded up), so the number of threads
// changes how the work is spread, not how much of it is allowed.
//
// Callbacks run on the thread of the client that sent the request: with
// more than one thread, callbacks of different requests may run at the same
// time, so what they share needs a lock. Posted tasks all run on the first
// client's thread, one at a time.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <memory>
#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/push/http2_client.hpp"

namespace switchboard::sdk::push {

class Http2ClientPool {
public:
    struct Options {
        Http2Client::Options client;  // its limits are the pool's totals
        size_t threads = 1;
    };

    explicit Http2ClientPool(const Options& options) {
        size_t threads = std::max<size_t>(1, options.threads);
        Http2Client::Options each = per_thread(options.client, threads);
        for (size_t i = 0; i < threads; ++i) clients_.push_back(std::make_unique<Http2Client>(each));
    }
    Http2ClientPool(const Http2ClientPool&) = delete;
    Http2ClientPool& operator=(const Http2ClientPool&) = delete;

    // One thread's share of the totals: each limit divided, rounded up.
    static Http2Client::Options per_thread(const Http2Client::Options& total, size_t threads) {
        auto share = [threads](auto limit) {
            return std::max<decltype(limit)>(1, (limit + static_cast<decltype(limit)>(threads) - 1) /
                                                    static_cast<decltype(limit)>(threads));
        };
        Http2Client::Options each = total;
        each.max_queued = share(total.max_queued);
        each.max_in_flight = share(total.max_in_flight);
        each.max_connections = share(total.max_connections);
        return each;
    }

    // Http2Client::options_from (every push plugin's ClientOptions) and client_threads.
    static Options options_from(const Host& host) {
        return Options{Http2Client::options_from(host), static_cast<size_t>(host.integer("client_threads"))};
    }

    void start() {
        for (auto& client : clients_) client->start();
    }

    // Stops every thread; each answers its own unanswered requests "stopped" (see Http2Client::stop).
    void stop() {
        for (auto& client : clients_) client->stop();
    }

    // As Http2Client::submit, on the client with the fewest unanswered requests.
    Http2Client::Admission submit(HttpRequest request, Http2Client::Callback callback) {
        Http2Client* chosen = clients_.front().get();
        size_t least = chosen->unanswered();
        for (size_t i = 1; i < clients_.size() && least > 0; ++i) {
            Http2Client* client = clients_[i].get();
            size_t load = client->unanswered();
            if (load < least) {
                chosen = client;
                least = load;
            }
        }
        return chosen->submit(std::move(request), std::move(callback));
    }

    // As Http2Client::post, always on the first client's thread.
    void post(std::chrono::milliseconds delay, Http2Client::Task task) { clients_.front()->post(delay, std::move(task)); }

    // Requests waiting for a slot, over all threads.
    size_t queued() const {
        size_t total = 0;
        for (const auto& client : clients_) total += client->queued();
        return total;
    }

    size_t threads() const { return clients_.size(); }

private:
    std::vector<std::unique_ptr<Http2Client>> clients_;
};

}  // namespace switchboard::sdk::push
