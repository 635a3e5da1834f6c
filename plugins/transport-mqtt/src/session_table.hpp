#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "switchboard/abi.h"

namespace switchboard::plugins::transport_mqtt {

// The MQTT clients that have a Switchboard session, by client id and by the
// host's connection id, with the bytes each has waiting for the broker's
// acknowledgement (its bounded send queue). The broker link thread opens,
// touches and ends sessions; the kernel's threads reserve room for what
// they send and ask for closes. A session that ends is taken out at once, so
// its client id starts a new session with its next request, and listed
// until the link thread reports it closed to the host.
class SessionTable {
public:
    // The outcome of reserving room for one outgoing envelope.
    struct Reservation {
        sb_status status = SB_ERR_NOT_FOUND;  // SB_OK, SB_ERR_NOT_FOUND (no such session), SB_ERR_BUSY (cut off)
        std::string topic;                    // the client's response topic (SB_OK)
        std::string client_id;                // who was cut off (SB_ERR_BUSY)
    };

    explicit SessionTable(size_t max_send_queue);

    // ---- Link thread.

    // The session of `client_id`, now marked active at `now_ms`.
    std::optional<uint64_t> touch(std::string_view client_id, int64_t now_ms);
    void add(uint64_t conn, std::string client_id, std::string response_topic, int64_t now_ms);
    // Ends the session of `client_id` (it said it is offline); its connection id.
    std::optional<uint64_t> remove_client(std::string_view client_id);
    // Ends every session not active since `active_since_ms`; their client ids and connection ids.
    std::vector<std::pair<std::string, uint64_t>> take_idle(int64_t active_since_ms);
    // Sessions ended by close() or a full send queue, not reported yet.
    std::vector<uint64_t> take_closed();
    // Ends every session (shutdown), with those not reported yet.
    std::vector<uint64_t> take_all();
    size_t size() const;

    // ---- Any thread.

    // Room for `bytes` more in the client's send queue. Over max_send_queue
    // the session ends (listed for take_closed) and the answer is SB_ERR_BUSY.
    Reservation reserve(uint64_t conn, size_t bytes);
    // `bytes` of the session's queue were acknowledged, or not sent after all.
    void release(uint64_t conn, size_t bytes);
    // Ends the session (the host closes it); its response topic, or nullopt
    // when there is no such session.
    std::optional<std::string> request_close(uint64_t conn);

private:
    struct Session {
        std::string client_id;
        std::string response_topic;
        int64_t active_at_ms = 0;
        size_t queued_bytes = 0;
    };

    // Takes the session out of both maps. Caller holds mutex_.
    void erase_locked(std::unordered_map<uint64_t, Session>::iterator it);

    const size_t max_send_queue_;
    mutable std::mutex mutex_;
    std::unordered_map<uint64_t, Session> by_conn_;
    std::unordered_map<std::string, uint64_t> by_client_;
    std::vector<uint64_t> closed_;
};

}  // namespace switchboard::plugins::transport_mqtt
