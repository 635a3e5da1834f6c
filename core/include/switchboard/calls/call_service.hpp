#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "switchboard/calls/active_call.hpp"
#include "switchboard/calls/call_history.hpp"
#include "switchboard/calls/call_observer.hpp"
#include "switchboard/calls/call_registry.hpp"
#include "switchboard/calls/call_settings.hpp"
#include "switchboard/calls/end_reason.hpp"
#include "switchboard/calls/ice_server_minter.hpp"
#include "switchboard/chat/chat_context.hpp"
#include "switchboard/chat/dispatcher.hpp"
#include "switchboard/runtime/session.hpp"

namespace switchboard::calls {

// The call.* ops and events: 1:1 calls in direct conversations, signalled
// session to session (the caller's inviting session and the callee's
// accepting one). The state machine and its rules are in docs/calls.md.
// Kernel-thread only.
class CallService {
public:
    CallService(chat::ChatContext& context, CallSettings settings);
    ~CallService();
    CallService(const CallService&) = delete;
    CallService& operator=(const CallService&) = delete;

    void register_ops(chat::Dispatcher& dispatcher);
    // Not owned; must outlive the service.
    void add_observer(CallObserver* observer) { observers_.push_back(observer); }

    // On start, once storage runs: finishes the calls a stopped server left behind.
    void recover();
    // Called by the kernel when a session is bound to a user (auth) and after
    // SessionRegistry::close (or when a connection changes user).
    void on_session_bound(const runtime::Session& session);
    void on_session_closed(const runtime::Session& session);
    // Ends every live call with reason failed (graceful shutdown).
    void end_all();

    const CallRegistry& registry() const noexcept { return registry_; }

private:
    using CallPtr = chat::CallPtr;
    using Entry = CallRegistry::Entry;

    void invite(const CallPtr& call);
    void ringing(const CallPtr& call);
    void accept(const CallPtr& call);
    void reject(const CallPtr& call);
    void cancel(const CallPtr& call);
    void hangup(const CallPtr& call);
    void signal(const CallPtr& call);
    void history(const CallPtr& call);
    void read_history(const CallPtr& call, uint64_t before, uint64_t limit);

    // After the checks of call.invite: glare, busy, or a new ringing call.
    void place(const CallPtr& call, const std::string& conversation_id, const std::string& callee_id,
               const std::string& media, const std::string& caller_display_name);
    // Takes the callee's answer from session `call` (call.accept, or a glaring invite).
    void take_answer(const CallPtr& call, const Entry& active, bool glare);
    // The live call named by the request's call_id; throws not_found.
    Entry find(const CallPtr& call) const;
    // call.incoming to those of `sessions` that did not get it yet.
    void send_incoming(ActiveCall& active, const std::vector<runtime::Session*>& sessions);

    void arm_ring_timer(const Entry& active);
    void arm_grace(const Entry& active, Participant& who);
    // Participant `who` lost its session: hand over to another session of the
    // same device, else wait for one until the grace period ends.
    void lost(const Entry& active, Participant& who);

    // Ends the call: `reason` to every connection in `notify`, the history, the observers.
    void end(const Entry& active, EndReason reason, const std::vector<uint64_t>& notify);
    // The callee's sessions that know of the call (live sessions of the callee), except `except`.
    std::vector<uint64_t> callee_sessions(const ActiveCall& active, uint64_t except = 0) const;
    void send(uint64_t conn, std::string_view event, const nlohmann::json& data);

    chat::ChatContext& ctx_;
    const CallSettings settings_;
    IceServerMinter minter_;
    CallRegistry registry_;
    CallHistory history_;
    std::vector<CallObserver*> observers_;
};

}  // namespace switchboard::calls
