#include "switchboard/chat/call.hpp"

#include <spdlog/spdlog.h>

#include "switchboard/protocol/envelope_writer.hpp"
#include "switchboard/protocol/protocol_error.hpp"

namespace switchboard::chat {

using protocol::ErrorCode;

Call::Call(Responder responder, uint64_t conn, nlohmann::json id, std::string op, nlohmann::json data,
           std::string user_id, std::string device_id, bool stateless, bool server_api)
    : responder_(std::move(responder)),
      conn_(conn),
      id_(std::move(id)),
      op_(std::move(op)),
      data_(std::move(data)),
      user_id_(std::move(user_id)),
      device_id_(std::move(device_id)),
      stateless_(stateless),
      server_api_(server_api) {}

Call::~Call() {
    if (!answered_) {
        spdlog::error("{}: request dropped without an answer", op_);
        fail(ErrorCode::internal, "the server dropped this request");
    }
}

void Call::ok(const nlohmann::json& data) {
    if (answered_) return;
    answered_ = true;
    responder_(conn_, protocol::EnvelopeWriter::ok(id_, data), Outcome{});
}

void Call::ok_text(std::string_view data_text) {
    if (answered_) return;
    answered_ = true;
    responder_(conn_, protocol::EnvelopeWriter::ok_text(id_, data_text), Outcome{});
}

void Call::fail(ErrorCode code, const std::string& message) { answer_error(code, message, false); }

void Call::refuse(ErrorCode code, const std::string& message) { answer_error(code, message, true); }

void Call::answer_error(ErrorCode code, const std::string& message, bool refused) {
    if (answered_) return;
    answered_ = true;
    if (code == ErrorCode::internal) spdlog::error("{}: {}", op_, message);
    responder_(conn_, protocol::EnvelopeWriter::error(id_, code, message), Outcome{code, refused});
}

CallPtr Call::as_user(const std::string& user_id, std::string op, nlohmann::json data) {
    answered_ = true;
    return std::make_shared<Call>(responder_, conn_, id_, std::move(op), std::move(data), user_id, "", stateless_,
                                  server_api_);
}

std::string Call::describe_storage_failure(sb_status status, const std::string& error, const std::string& what) {
    switch (status) {
        case SB_ERR_NOT_FOUND: return what + " not found";
        case SB_ERR_CONFLICT: return what + " already exists";
        case SB_ERR_UNAVAILABLE:
        case SB_ERR_BUSY: return "storage is unavailable, try again";
        default: return "storage error: " + error;
    }
}

void guarded(const CallPtr& call, const std::function<void()>& fn) {
    try {
        fn();
    } catch (const protocol::ProtocolError& e) {
        call->fail(e.code(), e.what());
    } catch (const std::exception& e) {
        call->fail(ErrorCode::internal, std::string("internal error: ") + e.what());
    }
}

}  // namespace switchboard::chat
