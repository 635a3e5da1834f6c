#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "connection.hpp"
#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::transport_websocket {

// The live connections by host id: the meeting point of the kernel threads
// (send, close) and the libwebsockets service thread (everything else).
// Kernel threads only touch the send side of a Connection, under the mutex;
// they never call into libwebsockets. Instead each request that needs the
// service thread lists the connection in the wake list, and the caller wakes
// the service thread when the list was empty (the methods return true then).
class ConnectionRegistry {
public:
    // What the service thread must do for a listed connection.
    struct Wakeup {
        lws* wsi;
        bool close_now;  // close at once with close_code/close_reason; otherwise ask for a writeable callback
        uint16_t close_code;
        std::string close_reason;
    };

    // The next thing to write on a writeable connection.
    struct Outgoing {
        std::vector<sb_payload*> payloads;  // retained payloads: write them in order, then release them
        std::string text;                   // or this text (when payloads is empty and close is false)
        bool close = false;             // or close now with close_code/close_reason
        uint16_t close_code = 0;
        std::string close_reason;
        bool more = false;              // something else is waiting after this
    };

    ConnectionRegistry(const sdk::Host& host, size_t max_send_queue);
    ~ConnectionRegistry();
    ConnectionRegistry(const ConnectionRegistry&) = delete;
    ConnectionRegistry& operator=(const ConnectionRegistry&) = delete;

    // ---- Any thread.

    // Retains and queues `payload`. SB_ERR_NOT_FOUND for an unknown or closing
    // connection (but see begin_open()); SB_ERR_BUSY when the queue would exceed max_send_queue, in
    // which case the queue is dropped and the connection set to close now.
    sb_status enqueue(uint64_t id, sb_payload* payload, bool& wake);
    // Closes after what is queued. Ignored for unknown or already closing ones.
    bool request_close(uint64_t id, uint16_t code, std::string_view reason);
    // The same for every connection (shutdown).
    bool request_close_all(uint16_t code, std::string_view reason);
    size_t size() const;
    // Waits until no connection is left or `timeout` passes; true when empty.
    bool wait_until_empty(std::chrono::milliseconds timeout);

    // ---- Service thread.

    // Brackets host.conn_open(): the host may send to (or close) the new id
    // before conn_open has returned it, from its own thread or another, so
    // requests for an unknown id meanwhile are parked, then adopted by add()
    // if the id is the new connection's and dropped otherwise. begin_open(), then add()
    // with the id the host returned, or abandon_open() when it refused.
    void begin_open();
    // nullptr if `id` is already in use (a host bug; the caller refuses the
    // connection). `wake` as for the any-thread methods.
    Connection* add(uint64_t id, lws* wsi, bool& wake);
    void abandon_open();
    // Forgets the connection and releases what it still had queued.
    void remove(Connection& connection);
    // Writes `farewell` after the queue, then closes (an oversized message).
    void request_close_with(Connection& connection, uint16_t code, std::string_view reason, std::string farewell);
    std::vector<Wakeup> take_wakeups();
    // Up to `max_bytes` of queued messages (at least one), else the farewell,
    // else the close.
    Outgoing next_outgoing(Connection& connection, size_t max_bytes);
    // Calls visit(Connection&) for every connection, under the lock: visit
    // must not call into the registry or libwebsockets.
    template <class Visit>
    void for_each(Visit visit) {
        std::lock_guard lock(mutex_);
        for (auto& [id, connection] : connections_) visit(*connection);
    }

private:
    // A send (payload set) or a close (payload null) for an id not yet known.
    struct Parked {
        uint64_t id;
        sb_payload* payload;
        size_t size;
        uint16_t close_code;
        std::string close_reason;
        bool close_now;
    };

    sb_status park(uint64_t id, sb_payload* payload, size_t size, std::vector<sb_payload*>& dropped);
    void end_open_locked();
    bool list_for_wakeup(Connection& connection);
    static void mark_closing(Connection& connection, uint16_t code, std::string_view reason);
    void release(const std::vector<sb_payload*>& payloads) const;

    sdk::Host host_;
    const size_t max_send_queue_;
    mutable std::mutex mutex_;
    std::condition_variable emptied_;
    std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections_;
    std::vector<uint64_t> wake_list_;
    bool opening_ = false;         // a conn_open() is in progress
    std::vector<Parked> parked_;   // requests for unknown ids meanwhile
    size_t parked_bytes_ = 0;
};

}  // namespace switchboard::plugins::transport_websocket
