#include "connection_registry.hpp"

#include <utility>

namespace switchboard::plugins::transport_websocket {

namespace {

// RFC 6455 5.5: a close frame's payload is at most 125 bytes, 2 of them the code.
constexpr size_t kMaxCloseReason = 123;
constexpr std::string_view kOverflowReason = "send queue overflow";

std::string_view truncate_reason(std::string_view reason) {
    if (reason.size() <= kMaxCloseReason) return reason;
    size_t end = kMaxCloseReason;
    // Back off to a UTF-8 character boundary; the reason must stay valid text.
    while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;
    return reason.substr(0, end);
}

}  // namespace

ConnectionRegistry::ConnectionRegistry(const sdk::Host& host, size_t max_send_queue)
    : host_(host), max_send_queue_(max_send_queue) {}

ConnectionRegistry::~ConnectionRegistry() {
    for (auto& [id, connection] : connections_) release(connection->queue.take_all());
    for (const Parked& parked : parked_)
        if (parked.payload != nullptr) host_.payload_release(parked.payload);
}

sb_status ConnectionRegistry::enqueue(uint64_t id, sb_payload* payload, bool& wake) {
    wake = false;
    const size_t size = host_.payload_bytes(payload).size();
    std::vector<sb_payload*> dropped;
    {
        std::lock_guard lock(mutex_);
        auto it = connections_.find(id);
        if (it == connections_.end()) {
            if (!opening_) return SB_ERR_NOT_FOUND;
            const sb_status parked = park(id, payload, size, dropped);
            if (parked != SB_ERR_BUSY) return parked;
        } else {
            Connection& connection = *it->second;
            if (connection.close_code != 0) return SB_ERR_NOT_FOUND;
            if (connection.queue.bytes() + size <= max_send_queue_) {
                host_.payload_retain(payload);
                connection.queue.push(payload, size);
                wake = list_for_wakeup(connection);
                return SB_OK;
            }
            // A reader this slow is cut off: drop its queue now so memory
            // stays bounded, and close without waiting for it to drain.
            dropped = connection.queue.take_all();
            mark_closing(connection, 1008, kOverflowReason);
            connection.close_now = true;
            wake = list_for_wakeup(connection);
        }
    }
    release(dropped);
    return SB_ERR_BUSY;
}

bool ConnectionRegistry::request_close(uint64_t id, uint16_t code, std::string_view reason) {
    std::lock_guard lock(mutex_);
    auto it = connections_.find(id);
    if (it == connections_.end() && opening_) {
        parked_.push_back(Parked{id, nullptr, 0, code, std::string(truncate_reason(reason)), false});
        return false;
    }
    if (it == connections_.end() || it->second->close_code != 0) return false;
    mark_closing(*it->second, code, reason);
    return list_for_wakeup(*it->second);
}

bool ConnectionRegistry::request_close_all(uint16_t code, std::string_view reason) {
    std::lock_guard lock(mutex_);
    bool wake = false;
    for (auto& [id, connection] : connections_) {
        if (connection->close_code != 0) continue;
        mark_closing(*connection, code, reason);
        wake = list_for_wakeup(*connection) || wake;
    }
    return wake;
}

size_t ConnectionRegistry::size() const {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

bool ConnectionRegistry::wait_until_empty(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return emptied_.wait_for(lock, timeout, [this] { return connections_.empty(); });
}

void ConnectionRegistry::begin_open() {
    std::lock_guard lock(mutex_);
    opening_ = true;
}

Connection* ConnectionRegistry::add(uint64_t id, lws* wsi, bool& wake) {
    wake = false;
    auto connection = std::make_unique<Connection>(id, wsi);
    Connection& added = *connection;
    std::vector<sb_payload*> strays;
    bool inserted;
    {
        std::lock_guard lock(mutex_);
        inserted = connections_.try_emplace(id, std::move(connection)).second;  // leaves `connection` alone if taken
        for (Parked& parked : parked_) {
            if (parked.id != id || !inserted) {
                if (parked.payload != nullptr) strays.push_back(parked.payload);
            } else if (parked.payload != nullptr) {
                added.queue.push(parked.payload, parked.size);
            } else if (added.close_code == 0) {
                added.close_code = parked.close_code;
                added.close_reason = std::move(parked.close_reason);
                added.close_now = parked.close_now;
            }
        }
        if (inserted && added.close_now) wake = list_for_wakeup(added);
        end_open_locked();
    }
    release(strays);
    return inserted ? &added : nullptr;
}

void ConnectionRegistry::abandon_open() {
    std::vector<sb_payload*> strays;
    {
        std::lock_guard lock(mutex_);
        for (const Parked& parked : parked_)
            if (parked.payload != nullptr) strays.push_back(parked.payload);
        end_open_locked();
    }
    release(strays);
}

void ConnectionRegistry::remove(Connection& connection) {
    std::unique_ptr<Connection> removed;
    {
        std::lock_guard lock(mutex_);
        auto it = connections_.find(connection.id);
        if (it == connections_.end()) return;
        removed = std::move(it->second);
        connections_.erase(it);
        if (connections_.empty()) emptied_.notify_all();
    }
    // A listed id that is gone is skipped by take_wakeups().
    release(removed->queue.take_all());
}

void ConnectionRegistry::request_close_with(Connection& connection, uint16_t code, std::string_view reason,
                                            std::string farewell) {
    std::lock_guard lock(mutex_);
    if (connection.close_code != 0) return;
    mark_closing(connection, code, reason);
    connection.farewell = std::move(farewell);
}

std::vector<ConnectionRegistry::Wakeup> ConnectionRegistry::take_wakeups() {
    std::vector<Wakeup> wakeups;
    std::lock_guard lock(mutex_);
    wakeups.reserve(wake_list_.size());
    for (uint64_t id : wake_list_) {
        auto it = connections_.find(id);
        if (it == connections_.end()) continue;
        Connection& connection = *it->second;
        connection.wake_listed = false;
        wakeups.push_back(
            Wakeup{connection.wsi, connection.close_now, connection.close_code, connection.close_reason});
    }
    wake_list_.clear();
    return wakeups;
}

ConnectionRegistry::Outgoing ConnectionRegistry::next_outgoing(Connection& connection, size_t max_bytes) {
    Outgoing out;
    std::lock_guard lock(mutex_);
    if (!connection.queue.empty()) {
        connection.queue.pop_up_to(max_bytes, out.payloads);
        out.more = !connection.queue.empty() || !connection.farewell.empty() || connection.close_code != 0;
    } else if (!connection.farewell.empty()) {
        out.text = std::move(connection.farewell);
        connection.farewell.clear();
        out.more = connection.close_code != 0;
    } else if (connection.close_code != 0) {
        out.close = true;
        out.close_code = connection.close_code;
        out.close_reason = connection.close_reason;
    }
    return out;
}

sb_status ConnectionRegistry::park(uint64_t id, sb_payload* payload, size_t size,
                                   std::vector<sb_payload*>& dropped) {
    for (const Parked& parked : parked_)
        if (parked.id == id && parked.payload == nullptr) return SB_ERR_NOT_FOUND;  // closed already
    if (parked_bytes_ + size > max_send_queue_) {
        // The same as a full queue: drop what was parked for the id and close it.
        std::erase_if(parked_, [&](const Parked& parked) {
            if (parked.id != id) return false;
            dropped.push_back(parked.payload);
            parked_bytes_ -= parked.size;
            return true;
        });
        parked_.push_back(Parked{id, nullptr, 0, 1008, std::string(kOverflowReason), true});
        return SB_ERR_BUSY;
    }
    host_.payload_retain(payload);
    parked_.push_back(Parked{id, payload, size, 0, {}, false});
    parked_bytes_ += size;
    return SB_OK;
}

void ConnectionRegistry::end_open_locked() {
    opening_ = false;
    parked_.clear();
    parked_.shrink_to_fit();
    parked_bytes_ = 0;
}

bool ConnectionRegistry::list_for_wakeup(Connection& connection) {
    if (connection.wake_listed) return false;
    connection.wake_listed = true;
    wake_list_.push_back(connection.id);
    return wake_list_.size() == 1;
}

void ConnectionRegistry::mark_closing(Connection& connection, uint16_t code, std::string_view reason) {
    connection.close_code = code;
    connection.close_reason = std::string(truncate_reason(reason));
}

void ConnectionRegistry::release(const std::vector<sb_payload*>& payloads) const {
    for (sb_payload* payload : payloads) host_.payload_release(payload);
}

}  // namespace switchboard::plugins::transport_websocket
