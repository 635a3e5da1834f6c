#include "session_table.hpp"

#include <algorithm>
#include <utility>

namespace switchboard::plugins::transport_mqtt {

SessionTable::SessionTable(size_t max_send_queue) : max_send_queue_(max_send_queue) {}

std::optional<uint64_t> SessionTable::touch(std::string_view client_id, int64_t now_ms) {
    std::lock_guard lock(mutex_);
    auto it = by_client_.find(std::string(client_id));
    if (it == by_client_.end()) return std::nullopt;
    by_conn_.at(it->second).active_at_ms = now_ms;
    return it->second;
}

void SessionTable::add(uint64_t conn, std::string client_id, std::string response_topic, int64_t now_ms) {
    std::lock_guard lock(mutex_);
    by_client_[client_id] = conn;
    by_conn_[conn] = Session{std::move(client_id), std::move(response_topic), now_ms, 0};
}

std::optional<uint64_t> SessionTable::remove_client(std::string_view client_id) {
    std::lock_guard lock(mutex_);
    auto it = by_client_.find(std::string(client_id));
    if (it == by_client_.end()) return std::nullopt;
    uint64_t conn = it->second;
    erase_locked(by_conn_.find(conn));
    return conn;
}

std::vector<std::pair<std::string, uint64_t>> SessionTable::take_idle(int64_t active_since_ms) {
    std::vector<std::pair<std::string, uint64_t>> idle;
    std::lock_guard lock(mutex_);
    for (auto it = by_conn_.begin(); it != by_conn_.end();) {
        auto next = std::next(it);
        if (it->second.active_at_ms < active_since_ms) {
            idle.emplace_back(it->second.client_id, it->first);
            erase_locked(it);
        }
        it = next;
    }
    return idle;
}

std::vector<uint64_t> SessionTable::take_closed() {
    std::lock_guard lock(mutex_);
    return std::exchange(closed_, {});
}

std::vector<uint64_t> SessionTable::take_all() {
    std::lock_guard lock(mutex_);
    std::vector<uint64_t> all = std::exchange(closed_, {});
    for (const auto& [conn, session] : by_conn_) all.push_back(conn);
    by_conn_.clear();
    by_client_.clear();
    return all;
}

size_t SessionTable::size() const {
    std::lock_guard lock(mutex_);
    return by_conn_.size();
}

SessionTable::Reservation SessionTable::reserve(uint64_t conn, size_t bytes) {
    Reservation reservation;
    std::lock_guard lock(mutex_);
    auto it = by_conn_.find(conn);
    if (it == by_conn_.end()) return reservation;
    Session& session = it->second;
    if (session.queued_bytes + bytes > max_send_queue_) {
        reservation.status = SB_ERR_BUSY;
        reservation.client_id = session.client_id;
        closed_.push_back(conn);
        erase_locked(it);
        return reservation;
    }
    session.queued_bytes += bytes;
    reservation.status = SB_OK;
    reservation.topic = session.response_topic;
    return reservation;
}

void SessionTable::release(uint64_t conn, size_t bytes) {
    std::lock_guard lock(mutex_);
    auto it = by_conn_.find(conn);
    if (it == by_conn_.end()) return;
    it->second.queued_bytes -= std::min(bytes, it->second.queued_bytes);
}

std::optional<std::string> SessionTable::request_close(uint64_t conn) {
    std::lock_guard lock(mutex_);
    auto it = by_conn_.find(conn);
    if (it == by_conn_.end()) return std::nullopt;
    std::string topic = it->second.response_topic;
    closed_.push_back(conn);
    erase_locked(it);
    return topic;
}

void SessionTable::erase_locked(std::unordered_map<uint64_t, Session>::iterator it) {
    by_client_.erase(it->second.client_id);
    by_conn_.erase(it);
}

}  // namespace switchboard::plugins::transport_mqtt
