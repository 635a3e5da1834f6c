#include "switchboard/calls/call_service.hpp"

#include <chrono>
#include <spdlog/spdlog.h>

#include "switchboard/protocol/envelope_writer.hpp"
#include "switchboard/protocol/protocol_error.hpp"
#include "switchboard/runtime/payload.hpp"
#include "switchboard/util/clock.hpp"
#include "switchboard/util/id_generator.hpp"

namespace switchboard::calls {

using chat::Dispatcher;
using chat::guarded;
using nlohmann::json;
using protocol::ErrorCode;
using protocol::ProtocolError;

namespace {

constexpr uint64_t kHistoryDefaultLimit = 50;
constexpr uint64_t kHistoryMaxLimit = 200;

std::string reason_field(const protocol::Fields& f) {
    std::string reason = f.optional_string("reason", 32).value_or("declined");
    if (reason != "declined" && reason != "busy")
        throw ProtocolError(ErrorCode::bad_request, "data.reason: must be \"declined\" or \"busy\"");
    return reason;
}

}  // namespace

CallService::CallService(chat::ChatContext& context, CallSettings settings)
    : ctx_(context), settings_(std::move(settings)), minter_(settings_), history_(context.storage) {}

CallService::~CallService() {
    for (const Entry& active : registry_.all()) {
        if (active->ring_timer) active->ring_timer->cancel();
        if (active->caller.grace) active->caller.grace->cancel();
        if (active->callee.grace) active->callee.grace->cancel();
    }
}

void CallService::register_ops(Dispatcher& d) {
    using A = Dispatcher::Access;
    d.add("call.invite", A::live_session, [this](const CallPtr& c) { invite(c); });
    d.add("call.ringing", A::live_session, [this](const CallPtr& c) { ringing(c); });
    d.add("call.accept", A::live_session, [this](const CallPtr& c) { accept(c); });
    d.add("call.reject", A::live_session, [this](const CallPtr& c) { reject(c); });
    d.add("call.cancel", A::live_session, [this](const CallPtr& c) { cancel(c); });
    d.add("call.hangup", A::live_session, [this](const CallPtr& c) { hangup(c); });
    d.add("call.signal", A::live_session, [this](const CallPtr& c) { signal(c); });
    d.add("call.history", A::authenticated, [this](const CallPtr& c) { history(c); });
}

void CallService::recover() {
    history_.finish_stale(util::now_ms(), [](std::vector<storage::CallRecord> stale) {
        for (const auto& c : stale)
            spdlog::info("calls: call {} from {} to {} was left unfinished by a stopped server: ended as failed",
                         c.call_id, c.caller_id, c.callee_id);
    });
}

// ---- ops -------------------------------------------------------------------

void CallService::invite(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"conversation_id", "media"});
    std::string conversation_id = f.string("conversation_id");
    std::string media = f.string("media", 16);
    if (media != "audio" && media != "video")
        throw ProtocolError(ErrorCode::bad_request, "data.media: must be \"audio\" or \"video\"");
    ctx_.with_membership(call, conversation_id, [this, call, media](chat::CachedConversation& c) {
        if (!c.is_direct())
            return call->fail(ErrorCode::bad_request, "calls are between two people: only in a direct conversation");
        std::string callee = c.other_member(call->user_id());
        if (callee.empty()) return call->fail(ErrorCode::bad_request, "nobody else is in this conversation");
        ctx_.blocks.either_blocks(call->user_id(), callee, [this, call, id = c.id(), callee, media](bool blocked) {
            if (blocked) return call->fail(ErrorCode::forbidden, "calls between you and this user are blocked");
            ctx_.storage.user_get(call->user_id(), [this, call, id, callee, media](storage::StorageResult<storage::User> u) {
                guarded(call, [&] { place(call, id, callee, media, u.ok() ? u.value.display_name : ""); });
            });
        });
    });
}

void CallService::place(const CallPtr& call, const std::string& conversation_id, const std::string& callee_id,
                        const std::string& media, const std::string& caller_display_name) {
    runtime::Session* session = ctx_.sessions.find(call->conn());
    if (!session || session->user_id() != call->user_id())
        return call->fail(ErrorCode::unauthorized, "the session ended before the call was placed");
    // Glare: the callee is already calling us here; this invite answers that call.
    if (Entry theirs = registry_.unanswered(callee_id, call->user_id(), conversation_id))
        return take_answer(call, theirs, true);
    if (registry_.busy(call->user_id())) return call->fail(ErrorCode::conflict, "you are already in a call");

    auto active = std::make_shared<ActiveCall>();
    active->call_id = util::IdGenerator::make("call_");
    active->conversation_id = conversation_id;
    active->media = media;
    active->caller_display_name = caller_display_name;
    active->started_at = util::now_ms();
    active->callee_busy = registry_.busy(callee_id);
    active->caller = Participant{call->user_id(), call->device_id(), call->conn(), false, nullptr};
    active->callee.user_id = callee_id;
    registry_.add(active);
    history_.started(*active);
    call->ok(json{{"call_id", active->call_id}, {"ice_servers", minter_.ice_servers(call->user_id(), util::now_ms())}});

    if (active->callee_busy && settings_.busy_policy == BusyPolicy::reject)
        return end(active, EndReason::busy, {active->caller.conn});
    send_incoming(*active, ctx_.sessions.sessions_of(callee_id));
    arm_ring_timer(active);
    for (CallObserver* o : observers_) o->on_incoming(*active);
}

void CallService::send_incoming(ActiveCall& active, const std::vector<runtime::Session*>& sessions) {
    runtime::Payload payload;  // serialised on first use
    for (runtime::Session* s : sessions) {
        if (!active.incoming_sent_to.insert(s->id()).second) continue;
        if (!payload.get()) {
            json incoming{{"call_id", active.call_id},
                          {"conversation_id", active.conversation_id},
                          {"caller_id", active.caller.user_id},
                          {"media", active.media},
                          {"ice_servers", minter_.ice_servers(active.callee.user_id, util::now_ms())},
                          {"started_at", active.started_at}};
            if (!active.caller_display_name.empty()) incoming["caller_display_name"] = active.caller_display_name;
            if (active.callee_busy) incoming["busy"] = true;
            payload = runtime::Payload(protocol::EnvelopeWriter::event("call.incoming", incoming));
        }
        s->send(payload);
    }
}

CallService::Entry CallService::find(const CallPtr& call) const {
    Entry active = registry_.find(call->fields().string("call_id", 64));
    if (!active) throw ProtocolError(ErrorCode::not_found, "no such call (it may have ended)");
    return active;
}

void CallService::ringing(const CallPtr& call) {
    call->fields().allow_only({"call_id"});
    Entry active = find(call);
    if (call->user_id() != active->callee.user_id)
        return call->fail(ErrorCode::forbidden, "only the callee's devices ring");
    if (active->answered()) return call->fail(ErrorCode::conflict, "the call was answered already");
    call->ok();
    if (active->state != CallState::dialing) return;
    active->state = CallState::ringing;
    send(active->caller.conn, "call.ringing", json{{"call_id", active->call_id}});
}

void CallService::accept(const CallPtr& call) {
    call->fields().allow_only({"call_id"});
    Entry active = find(call);
    if (call->user_id() != active->callee.user_id)
        return call->fail(ErrorCode::forbidden, "only the callee can accept a call");
    if (active->answered()) return call->fail(ErrorCode::conflict, "the call was answered already");
    take_answer(call, active, false);
}

void CallService::take_answer(const CallPtr& call, const Entry& active, bool glare) {
    active->answered_at = util::now_ms();
    active->state = CallState::connecting;
    active->callee.device_id = call->device_id();
    active->callee.conn = call->conn();
    if (active->ring_timer) active->ring_timer->cancel();
    json reply{{"call_id", active->call_id},
               {"ice_servers", minter_.ice_servers(call->user_id(), util::now_ms())}};
    if (glare) reply["glare"] = true;
    call->ok(reply);
    send(active->caller.conn, "call.accepted",
         json{{"call_id", active->call_id}, {"user_id", call->user_id()}, {"device_id", call->device_id()}});
    json elsewhere{{"call_id", active->call_id}, {"reason", to_string(EndReason::answered_elsewhere)}};
    for (uint64_t conn : callee_sessions(*active, call->conn())) send(conn, "call.ended", elsewhere);
    for (CallObserver* o : observers_) o->on_answered(*active);
}

void CallService::reject(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"call_id", "reason"});
    std::string reason = reason_field(f);
    Entry active = find(call);
    if (call->user_id() != active->callee.user_id)
        return call->fail(ErrorCode::forbidden, "only the callee can reject a call (the caller cancels)");
    if (active->answered()) return call->fail(ErrorCode::conflict, "the call was answered already: hang up instead");
    call->ok();
    std::vector<uint64_t> notify = callee_sessions(*active, call->conn());
    notify.push_back(active->caller.conn);
    end(active, reason == "busy" ? EndReason::busy : EndReason::declined, notify);
}

void CallService::cancel(const CallPtr& call) {
    call->fields().allow_only({"call_id"});
    Entry active = find(call);
    if (call->user_id() != active->caller.user_id)
        return call->fail(ErrorCode::forbidden, "only the caller can cancel a call (the callee rejects)");
    if (active->answered()) return call->fail(ErrorCode::conflict, "the call was answered already: hang up instead");
    call->ok();
    end(active, EndReason::cancelled, callee_sessions(*active));
}

void CallService::hangup(const CallPtr& call) {
    call->fields().allow_only({"call_id"});
    Entry active = find(call);
    if (!active->answered()) {
        // Before an answer a hangup is the caller's cancel or the callee's decline.
        if (call->user_id() == active->caller.user_id) {
            call->ok();
            return end(active, EndReason::cancelled, callee_sessions(*active));
        }
        if (call->user_id() == active->callee.user_id) {
            call->ok();
            std::vector<uint64_t> notify = callee_sessions(*active, call->conn());
            notify.push_back(active->caller.conn);
            return end(active, EndReason::declined, notify);
        }
        return call->fail(ErrorCode::forbidden, "not a participant of this call");
    }
    Participant* me = active->participant_at(call->conn());
    if (!me) return call->fail(ErrorCode::forbidden, "only the two sessions in the call can hang up");
    call->ok();
    end(active, EndReason::hangup, {active->other(*me).conn});
}

void CallService::signal(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"call_id", "data"});
    const json* data = f.value("data");
    if (!data || !data->is_object()) throw ProtocolError(ErrorCode::bad_request, "data.data: must be a JSON object");
    Entry active = find(call);
    if (!active->answered()) {
        bool party = call->conn() == active->caller.conn || call->user_id() == active->callee.user_id;
        if (party) return call->fail(ErrorCode::conflict, "the call is not answered yet: signal after call.accepted");
    }
    Participant* me = active->participant_at(call->conn());
    if (!me || !active->answered())
        return call->fail(ErrorCode::forbidden, "only the two sessions in the call can signal");
    std::string text = data->dump();
    if (text.size() > settings_.max_signal_bytes)
        return call->fail(ErrorCode::too_large, "data.data: " + std::to_string(text.size()) + " bytes, at most " +
                                                    std::to_string(settings_.max_signal_bytes));
    Participant& peer = active->other(*me);
    if (!peer.connected())
        return call->fail(ErrorCode::unavailable, "the other side is reconnecting; signal again when it is back");
    call->ok();
    me->signalled = true;
    if (peer.signalled) active->state = CallState::connected;
    send(peer.conn, "call.signal", json{{"call_id", active->call_id}, {"from", call->user_id()}, {"data", *data}});
}

void CallService::history(const CallPtr& call) {
    auto f = call->fields();
    f.allow_only({"before", "limit"});
    uint64_t before = f.optional_uint("before").value_or(0);
    uint64_t limit = f.optional_uint("limit").value_or(kHistoryDefaultLimit);
    if (limit == 0 || limit > kHistoryMaxLimit)
        throw ProtocolError(ErrorCode::bad_request, "data.limit: must be between 1 and " + std::to_string(kHistoryMaxLimit));
    if (!ctx_.storage.supports_calls())
        return call->fail(ErrorCode::unavailable, "the storage plugin keeps no call history");
    history_.when_settled(call->user_id(), [this, call, before, limit] { read_history(call, before, limit); });
}

void CallService::read_history(const CallPtr& call, uint64_t before, uint64_t limit) {
    ctx_.storage.call_history(
        call->user_id(), static_cast<int64_t>(before), static_cast<uint32_t>(limit),
        [call](storage::StorageResult<std::vector<storage::CallRecord>> r) {
            guarded(call, [&] {
                if (!r.ok()) return call->fail_storage(r, "call history");
                json calls = json::array();
                for (const auto& c : r.value) {
                    if (c.outcome.empty()) continue;  // live: it shows once it ended
                    calls.push_back(json{
                        {"call_id", c.call_id},
                        {"conversation_id", c.conversation_id},
                        {"caller_id", c.caller_id},
                        {"callee_id", c.callee_id},
                        {"direction", c.caller_id == call->user_id() ? "outgoing" : "incoming"},
                        {"media", c.media},
                        {"outcome", c.outcome},
                        {"end_reason", c.end_reason},
                        {"started_at", c.started_at},
                        {"answered_at", c.answered_at ? json(c.answered_at) : json(nullptr)},
                        {"ended_at", c.ended_at},
                        {"duration_ms", c.answered_at ? c.ended_at - c.answered_at : 0},
                    });
                }
                call->ok(json{{"calls", std::move(calls)}});
            });
        });
}

// ---- timers and sessions ---------------------------------------------------

void CallService::arm_ring_timer(const Entry& active) {
    std::weak_ptr<ActiveCall> weak = active;
    active->ring_timer = ctx_.loop.after(std::chrono::milliseconds(settings_.ring_timeout_ms), [this, weak] {
        Entry call = weak.lock();
        // A cancelled timer may still fire once if it was already due.
        if (!call || call->answered() || registry_.find(call->call_id) != call) return;
        std::vector<uint64_t> notify = callee_sessions(*call);
        notify.push_back(call->caller.conn);
        end(call, EndReason::timeout, notify);
    });
}

void CallService::arm_grace(const Entry& active, Participant& who) {
    std::weak_ptr<ActiveCall> weak = active;
    bool caller = &who == &active->caller;
    who.grace = ctx_.loop.after(std::chrono::milliseconds(settings_.reconnect_grace_ms), [this, weak, caller] {
        Entry call = weak.lock();
        if (!call || registry_.find(call->call_id) != call) return;
        Participant& lost = caller ? call->caller : call->callee;
        if (lost.connected()) return;
        std::vector<uint64_t> notify;
        if (caller && !call->answered())
            notify = callee_sessions(*call);
        else
            notify.push_back(call->other(lost).conn);
        end(call, EndReason::connection_lost, notify);
    });
}

void CallService::lost(const Entry& active, Participant& who) {
    who.conn = 0;
    for (runtime::Session* s : ctx_.sessions.sessions_of(who.user_id)) {
        if (who.same_device(s->user_id(), s->device_id())) {
            who.conn = s->id();
            return;
        }
    }
    arm_grace(active, who);
}

void CallService::on_session_closed(const runtime::Session& session) {
    if (!session.authenticated() || session.stateless()) return;
    for (const Entry& active : registry_.calls_of(session.user_id())) {
        active->incoming_sent_to.erase(session.id());
        if (Participant* who = active->participant_at(session.id())) lost(active, *who);
    }
}

void CallService::on_session_bound(const runtime::Session& session) {
    if (!session.authenticated() || session.stateless()) return;
    for (const Entry& active : registry_.calls_of(session.user_id())) {
        for (Participant* who : {&active->caller, &active->callee}) {
            if (who->connected() || !who->same_device(session.user_id(), session.device_id())) continue;
            if (who == &active->callee && !active->answered()) continue;
            who->conn = session.id();
            if (who->grace) who->grace->cancel();
        }
        // A device of the callee that comes online while the call rings rings too.
        if (!active->answered() && session.user_id() == active->callee.user_id &&
            !(active->callee_busy && settings_.busy_policy == BusyPolicy::reject)) {
            runtime::Session* live = ctx_.sessions.find(session.id());
            if (live) send_incoming(*active, {live});
        }
    }
}

void CallService::end_all() {
    for (const Entry& active : registry_.all()) {
        std::vector<uint64_t> notify = active->answered() ? std::vector<uint64_t>{active->callee.conn}
                                                          : callee_sessions(*active);
        notify.push_back(active->caller.conn);
        end(active, EndReason::failed, notify);
    }
}

// ---- ending ----------------------------------------------------------------

void CallService::end(const Entry& active, EndReason reason, const std::vector<uint64_t>& notify) {
    if (active->ring_timer) active->ring_timer->cancel();
    if (active->caller.grace) active->caller.grace->cancel();
    if (active->callee.grace) active->callee.grace->cancel();
    registry_.remove(active->call_id);
    int64_t now = util::now_ms();
    CallOutcome outcome = outcome_of(reason, active->answered());
    json ended{{"call_id", active->call_id}, {"reason", to_string(reason)}};
    runtime::Payload payload(protocol::EnvelopeWriter::event("call.ended", ended));
    for (uint64_t conn : notify) {
        if (conn == 0) continue;
        if (runtime::Session* s = ctx_.sessions.find(conn)) s->send(payload);
    }
    history_.ended(*active, outcome, reason, now);
    for (CallObserver* o : observers_) o->on_ended(*active, reason, outcome);
}

std::vector<uint64_t> CallService::callee_sessions(const ActiveCall& active, uint64_t except) const {
    std::vector<uint64_t> out;
    for (runtime::Session* s : ctx_.sessions.sessions_of(active.callee.user_id))
        if (s->id() != except) out.push_back(s->id());
    return out;
}

void CallService::send(uint64_t conn, std::string_view event, const json& data) {
    if (conn != 0) ctx_.publisher.to_session(conn, event, data);
}

}  // namespace switchboard::calls
