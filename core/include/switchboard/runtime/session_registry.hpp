#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "switchboard/runtime/session.hpp"

namespace switchboard::runtime {

// Every live session, by connection id and by user. Kernel-thread only.
class SessionRegistry {
public:
    Session& open(uint64_t id, const TransportHandle* transport, std::string remote_address, bool stateless);
    // Removes the session; returns it so the caller can finish its business (presence…).
    std::unique_ptr<Session> close(uint64_t id);

    Session* find(uint64_t id) noexcept;
    // Binds an open session to a user (re-binding moves it).
    void bind(Session& session, std::string user_id, std::string device_id);

    // The authenticated, stateful sessions of a user (empty when offline).
    const std::vector<Session*>& sessions_of(const std::string& user_id) const;
    bool online(const std::string& user_id) const { return !sessions_of(user_id).empty(); }

    // Sends to every session of `user_id` except `except_id` (0 = none).
    void send_to_user(const std::string& user_id, const Payload& payload, uint64_t except_id = 0) const;

    size_t size() const noexcept { return by_id_.size(); }
    size_t authenticated_users() const noexcept { return by_user_.size(); }
    void for_each(const std::function<void(Session&)>& fn);

private:
    void unlink(Session& session);

    std::unordered_map<uint64_t, std::unique_ptr<Session>> by_id_;
    std::unordered_map<std::string, std::vector<Session*>> by_user_;
};

}  // namespace switchboard::runtime
