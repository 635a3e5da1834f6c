#include "switchboard/chat/event_publisher.hpp"

#include "switchboard/protocol/envelope_writer.hpp"
#include "switchboard/runtime/payload.hpp"

namespace switchboard::chat {

template <class MakePayload>
void EventPublisher::send_to_users(const std::vector<std::string>& user_ids, uint64_t except_conn, MakePayload make) {
    runtime::Payload payload;  // serialised on first use: no work when nobody is online
    for (const auto& user : user_ids) {
        for (runtime::Session* session : sessions_.sessions_of(user)) {
            if (session->id() == except_conn) continue;
            if (!payload.get()) payload = runtime::Payload(make());
            if (session->send(payload)) ++deliveries_;
        }
    }
}

void EventPublisher::to_users(const std::vector<std::string>& user_ids, std::string_view event,
                              const nlohmann::json& data, uint64_t except_conn) {
    send_to_users(user_ids, except_conn, [&] { return protocol::EnvelopeWriter::event(event, data); });
}

void EventPublisher::to_users_text(const std::vector<std::string>& user_ids, std::string_view event,
                                   std::string_view data_text, uint64_t except_conn) {
    send_to_users(user_ids, except_conn, [&] { return protocol::EnvelopeWriter::event_text(event, data_text); });
}

void EventPublisher::to_session(uint64_t conn, std::string_view event, const nlohmann::json& data) {
    if (runtime::Session* session = sessions_.find(conn)) {
        if (session->send(runtime::Payload(protocol::EnvelopeWriter::event(event, data)))) ++deliveries_;
    }
}

}  // namespace switchboard::chat
