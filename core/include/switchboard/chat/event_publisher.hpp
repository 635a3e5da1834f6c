#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "switchboard/runtime/session_registry.hpp"

namespace switchboard::chat {

// Sends events to users' live sessions. An event is serialised once and the
// same payload goes to every recipient.
class EventPublisher {
public:
    explicit EventPublisher(runtime::SessionRegistry& sessions) : sessions_(sessions) {}

    // To every session of each user in `user_ids`, except connection `except_conn`.
    void to_users(const std::vector<std::string>& user_ids, std::string_view event, const nlohmann::json& data,
                  uint64_t except_conn = 0);
    // The same with data already serialised.
    void to_users_text(const std::vector<std::string>& user_ids, std::string_view event, std::string_view data_text,
                       uint64_t except_conn = 0);
    // To one session.
    void to_session(uint64_t conn, std::string_view event, const nlohmann::json& data);

    uint64_t deliveries() const noexcept { return deliveries_; }

private:
    // Sends the payload `make` returns to those sessions; it runs once, at the first live one.
    template <class MakePayload>
    void send_to_users(const std::vector<std::string>& user_ids, uint64_t except_conn, MakePayload make);

    runtime::SessionRegistry& sessions_;
    uint64_t deliveries_ = 0;
};

}  // namespace switchboard::chat
