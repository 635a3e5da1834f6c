// The kernel pieces a chat service runs on, wired for tests: a real event
// loop, the fake storage behind a StorageClient that delivers results through
// that loop (as a real plugin's worker thread would), a session registry over
// the fake transport, a dispatcher, and requests answered into a map.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "fake_storage.hpp"
#include "fake_transport.hpp"
#include "switchboard/chat/call.hpp"
#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::chat::testing {

class ChatHarness {
public:
    explicit ChatHarness(ChatSettings settings = ChatSettings{})
        : client(db.vtable(), db.instance(), [this](std::function<void()> fn) { loop.post(std::move(fn)); }),
          context(loop, sessions, client, settings) {}

    // Opens connection `conn` and binds it to `user_id`.
    runtime::Session& connect(uint64_t conn, const std::string& user_id, const std::string& device_id = "",
                              bool stateless = false) {
        runtime::Session& session = sessions.open(conn, transport.handle(), "127.0.0.1", stateless);
        sessions.bind(session, user_id, device_id);
        return session;
    }

    // Sends `op` on connection `conn` as the user bound to it (none when the
    // connection is unknown), runs the loop until nothing is ready and returns
    // the response envelope (null when there was none).
    nlohmann::json request(uint64_t conn, const std::string& op, nlohmann::json data = nlohmann::json::object()) {
        runtime::Session* session = sessions.find(conn);
        int64_t id = ++next_id_;
        auto call = std::make_shared<Call>([this, id](uint64_t, std::string bytes, const Call::Outcome&) {
            responses_[id] = nlohmann::json::parse(bytes);
        }, conn, id, op, std::move(data), session ? session->user_id() : "", session ? session->device_id() : "",
                                           session ? session->stateless() : true);
        dispatcher.dispatch(call);
        call.reset();
        poll();
        return responses_[id];
    }

    // Runs the handlers that are ready (storage results, posted work).
    void poll() {
        loop.context().restart();
        loop.context().poll();
    }
    // Runs the loop, timers included, for `duration` (less when nothing is pending).
    void run_for(std::chrono::milliseconds duration) {
        loop.context().restart();
        loop.context().run_for(duration);
    }

    static std::string error_code(const nlohmann::json& envelope) {
        return envelope.value("ok", true) ? std::string() : envelope["error"]["code"].get<std::string>();
    }

    runtime::EventLoop loop;
    FakeStorage db;
    FakeTransport transport;
    runtime::SessionRegistry sessions;
    storage::StorageClient client;
    ChatContext context;
    Dispatcher dispatcher;

private:
    int64_t next_id_ = 0;
    std::map<int64_t, nlohmann::json> responses_;
};

}  // namespace switchboard::chat::testing
