#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "switchboard/protocol/error_code.hpp"
#include "switchboard/protocol/fields.hpp"
#include "switchboard/storage/storage_result.hpp"

namespace switchboard::chat {

class Call;
using CallPtr = std::shared_ptr<Call>;

// One request being answered. Handlers keep it alive (shared_ptr) across
// asynchronous storage calls and answer it exactly once; a Call dropped
// without an answer answers `internal` itself, so no client waits forever.
class Call {
public:
    // How a request ended: ok, an op's error, or refused before any op ran
    // (missing credentials…), which an HTTP transport maps onto its status code.
    struct Outcome {
        std::optional<protocol::ErrorCode> error;  // none: ok
        bool refused = false;
    };
    // Delivers an encoded response to the connection and marks the request done.
    using Responder = std::function<void(uint64_t conn, std::string bytes, const Outcome& outcome)>;

    Call(Responder responder, uint64_t conn, nlohmann::json id, std::string op, nlohmann::json data,
         std::string user_id, std::string device_id, bool stateless, bool server_api = false);
    ~Call();
    Call(const Call&) = delete;
    Call& operator=(const Call&) = delete;

    uint64_t conn() const noexcept { return conn_; }
    const std::string& op() const noexcept { return op_; }
    const nlohmann::json& data() const noexcept { return data_; }
    protocol::Fields fields() const { return protocol::Fields(data_); }
    const std::string& user_id() const noexcept { return user_id_; }
    const std::string& device_id() const noexcept { return device_id_; }
    bool stateless() const noexcept { return stateless_; }
    // The request came with a valid server-API key (server.* ops).
    bool server_api() const noexcept { return server_api_; }
    bool answered() const noexcept { return answered_; }

    void ok(const nlohmann::json& data = nlohmann::json::object());
    // Answers with data already serialised (by protocol::JsonWriter).
    void ok_text(std::string_view data_text);
    void fail(protocol::ErrorCode code, const std::string& message);
    // Answers an error that refuses the request itself rather than being an op's answer.
    void refuse(protocol::ErrorCode code, const std::string& message);

    // Hands this request over to `op` with `data`, run on behalf of `user_id`
    // (the server API acting as a user): the returned call answers in this
    // one's place, with its id, and this one counts as answered.
    CallPtr as_user(const std::string& user_id, std::string op, nlohmann::json data);

    // Answers a failed storage result with the matching wire code; `what`
    // names the thing for not_found/conflict ("conversation", "message"…).
    template <class T>
    void fail_storage(const storage::StorageResult<T>& result, const std::string& what) {
        fail(protocol::from_status(result.status), describe_storage_failure(result.status, result.error, what));
    }

private:
    static std::string describe_storage_failure(sb_status status, const std::string& error, const std::string& what);
    void answer_error(protocol::ErrorCode code, const std::string& message, bool refused);

    Responder responder_;
    uint64_t conn_;
    nlohmann::json id_;
    std::string op_;
    nlohmann::json data_;
    std::string user_id_;
    std::string device_id_;
    bool stateless_;
    bool server_api_;
    bool answered_ = false;
};

// Runs `fn`, turning a ProtocolError (or any exception) into the call's error
// answer. Used around every continuation of an asynchronous handler.
void guarded(const CallPtr& call, const std::function<void()>& fn);

}  // namespace switchboard::chat
