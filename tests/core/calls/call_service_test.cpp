#include "switchboard/calls/call_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "../chat/chat_harness.hpp"

namespace switchboard::calls {
namespace {

using namespace std::chrono_literals;
using chat::testing::ChatHarness;
using nlohmann::json;

// Sessions: alice on 1 (device a1) and 2 (a2), bob on 3 (b1) and 4 (b2),
// carol on 5 (c1), dave on 6 (d1).
constexpr uint64_t kAlice = 1, kAlice2 = 2, kBob = 3, kBob2 = 4, kCarol = 5, kDave = 6;

class RecordingObserver : public CallObserver {
public:
    void on_incoming(const ActiveCall& call) override { seen.push_back("incoming " + call.call_id); }
    void on_answered(const ActiveCall& call) override { seen.push_back("answered " + call.call_id); }
    void on_ended(const ActiveCall& call, EndReason reason, CallOutcome outcome) override {
        seen.push_back("ended " + call.call_id + " " + std::string(to_string(reason)) + " " +
                       std::string(to_string(outcome)));
    }
    std::vector<std::string> seen;
};

CallSettings test_settings() {
    CallSettings s;
    s.ring_timeout_ms = 60'000;
    s.reconnect_grace_ms = 60'000;
    s.max_signal_bytes = 1024;
    s.stun_urls = {"stun:127.0.0.1:3478"};
    s.turn_urls = {"turn:127.0.0.1:3478"};
    s.turn_secret = "secret";
    return s;
}

class CallServiceTest : public ::testing::Test {
protected:
    explicit CallServiceTest(CallSettings settings = test_settings()) : service(h.context, settings) {
        service.register_ops(h.dispatcher);
        service.add_observer(&observer);
        h.db.add_user("u_alice", "alice", "Alice A.");
        h.db.add_user("u_bob", "bob");
        h.db.add_user("u_carol", "carol");
        h.db.add_user("u_dave", "dave");
        h.db.add_conversation("c_ab", "direct", {"u_alice", "u_bob"});
        h.db.add_conversation("c_ac", "direct", {"u_alice", "u_carol"});
        h.db.add_conversation("c_bc", "direct", {"u_bob", "u_carol"});
        h.db.add_conversation("c_cd", "direct", {"u_carol", "u_dave"});
        h.db.add_conversation("c_g", "group", {"u_alice", "u_bob", "u_carol"});
        connect(kAlice, "u_alice", "a1");
        connect(kAlice2, "u_alice", "a2");
        connect(kBob, "u_bob", "b1");
        connect(kBob2, "u_bob", "b2");
        connect(kCarol, "u_carol", "c1");
        connect(kDave, "u_dave", "d1");
        service.recover();
        h.poll();
    }

    void connect(uint64_t conn, const std::string& user, const std::string& device) {
        runtime::Session& s = h.connect(conn, user, device);
        service.on_session_bound(s);
    }
    void drop(uint64_t conn) {
        auto session = h.sessions.close(conn);
        service.on_session_closed(*session);
        h.poll();
    }

    json ok(uint64_t conn, const std::string& op, json data) {
        json r = h.request(conn, op, std::move(data));
        EXPECT_TRUE(r.value("ok", false)) << op << ": " << r;
        return r.value("data", json());
    }
    std::string error(uint64_t conn, const std::string& op, json data) {
        return ChatHarness::error_code(h.request(conn, op, std::move(data)));
    }
    std::string invite(uint64_t conn, const std::string& conversation_id, const std::string& media = "audio") {
        return ok(conn, "call.invite", {{"conversation_id", conversation_id}, {"media", media}})["call_id"];
    }
    // alice (1) calls bob, bob's device b1 (3) accepts.
    std::string connected_call() {
        std::string id = invite(kAlice, "c_ab");
        ok(kBob, "call.accept", {{"call_id", id}});
        return id;
    }
    std::vector<json> events(uint64_t conn, const std::string& name) { return h.transport.events(conn, name); }
    json ended(const std::string& id, const std::string& reason) { return json{{"call_id", id}, {"reason", reason}}; }
    const storage::CallRecord& record(const std::string& id) { return h.db.call_records.at(id); }
    CallState state(const std::string& id) { return service.registry().find(id)->state; }

    ChatHarness h;
    RecordingObserver observer;
    CallService service;
};

// ---- caller: dialing -------------------------------------------------------

TEST_F(CallServiceTest, InviteRingsEveryCalleeSessionAndIsRecorded) {
    json reply = ok(kAlice, "call.invite", {{"conversation_id", "c_ab"}, {"media", "video"}});
    std::string id = reply["call_id"];
    EXPECT_EQ(id.rfind("call_", 0), 0u) << id;
    ASSERT_EQ(reply["ice_servers"].size(), 2u) << reply;
    EXPECT_EQ(reply["ice_servers"][1]["username"].get<std::string>().substr(10), ":u_alice");
    for (uint64_t conn : {kBob, kBob2}) {
        auto incoming = events(conn, "call.incoming");
        ASSERT_EQ(incoming.size(), 1u) << conn;
        EXPECT_EQ(incoming[0]["call_id"], id);
        EXPECT_EQ(incoming[0]["conversation_id"], "c_ab");
        EXPECT_EQ(incoming[0]["caller_id"], "u_alice");
        EXPECT_EQ(incoming[0]["caller_display_name"], "Alice A.");
        EXPECT_EQ(incoming[0]["media"], "video");
        EXPECT_FALSE(incoming[0].contains("busy"));
        EXPECT_GT(incoming[0]["started_at"].get<int64_t>(), 0);
        EXPECT_EQ(incoming[0]["ice_servers"][1]["username"].get<std::string>().substr(10), ":u_bob");
    }
    EXPECT_TRUE(events(kAlice2, "call.incoming").empty());
    EXPECT_TRUE(events(kCarol, "call.incoming").empty());
    EXPECT_EQ(state(id), CallState::dialing);
    EXPECT_EQ(record(id).caller_id, "u_alice");
    EXPECT_EQ(record(id).callee_id, "u_bob");
    EXPECT_EQ(record(id).media, "video");
    EXPECT_EQ(record(id).outcome, "");
    EXPECT_EQ(observer.seen, std::vector<std::string>{"incoming " + id});
}

TEST_F(CallServiceTest, InviteChecksItsRequest) {
    EXPECT_EQ(error(kAlice, "call.invite", {{"conversation_id", "c_ab"}}), "bad_request");
    EXPECT_EQ(error(kAlice, "call.invite", {{"conversation_id", "c_ab"}, {"media", "smell"}}), "bad_request");
    EXPECT_EQ(error(kAlice, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}, {"x", 1}}),
              "bad_request");
    EXPECT_EQ(error(kAlice, "call.invite", {{"conversation_id", "c_none"}, {"media", "audio"}}), "not_found");
    EXPECT_EQ(error(kDave, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}}), "forbidden");
    EXPECT_EQ(error(kAlice, "call.invite", {{"conversation_id", "c_g"}, {"media", "audio"}}), "bad_request");
    h.connect(9, "u_alice", "", true);
    EXPECT_EQ(error(9, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}}), "bad_request");
    EXPECT_EQ(service.registry().size(), 0u);
    EXPECT_TRUE(events(kBob, "call.incoming").empty());
}

TEST_F(CallServiceTest, BlockedEitherWayCannotCall) {
    h.db.blocks.insert({"u_bob", "u_alice"});
    EXPECT_EQ(error(kAlice, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}}), "forbidden");
    EXPECT_EQ(error(kBob, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}}), "forbidden");
    EXPECT_TRUE(events(kBob, "call.incoming").empty());
    EXPECT_TRUE(events(kAlice, "call.incoming").empty());
}

TEST_F(CallServiceTest, ACallerAlreadyInACallCannotInviteAgain) {
    invite(kAlice, "c_ab");
    EXPECT_EQ(error(kAlice2, "call.invite", {{"conversation_id", "c_ac"}, {"media", "audio"}}), "conflict");
}

// ---- caller: dialing -> ringing --------------------------------------------

TEST_F(CallServiceTest, TheFirstRingingDeviceTellsTheCallerOnce) {
    std::string id = invite(kAlice, "c_ab");
    ok(kBob, "call.ringing", {{"call_id", id}});
    ok(kBob2, "call.ringing", {{"call_id", id}});
    EXPECT_EQ(events(kAlice, "call.ringing"), (std::vector<json>{json{{"call_id", id}}}));
    EXPECT_TRUE(events(kAlice2, "call.ringing").empty());
    EXPECT_EQ(state(id), CallState::ringing);
    EXPECT_EQ(error(kAlice, "call.ringing", {{"call_id", id}}), "forbidden");
    EXPECT_EQ(error(kBob, "call.ringing", {{"call_id", "call_nope"}}), "not_found");
}

// ---- caller: ringing -> connecting; callee devices: incoming -> accepted / answered elsewhere

TEST_F(CallServiceTest, FirstAcceptWinsAndTheOtherDevicesHearAnsweredElsewhere) {
    std::string id = invite(kAlice, "c_ab");
    ok(kBob, "call.ringing", {{"call_id", id}});
    json reply = ok(kBob, "call.accept", {{"call_id", id}});
    EXPECT_EQ(reply["call_id"], id);
    EXPECT_EQ(reply["ice_servers"][1]["username"].get<std::string>().substr(10), ":u_bob");
    EXPECT_FALSE(reply.contains("glare"));
    EXPECT_EQ(events(kAlice, "call.accepted"),
              (std::vector<json>{json{{"call_id", id}, {"user_id", "u_bob"}, {"device_id", "b1"}}}));
    EXPECT_TRUE(events(kAlice2, "call.accepted").empty());
    EXPECT_EQ(events(kBob2, "call.ended"), std::vector<json>{ended(id, "answered_elsewhere")});
    EXPECT_TRUE(events(kBob, "call.ended").empty());
    EXPECT_EQ(state(id), CallState::connecting);
    EXPECT_EQ(error(kBob2, "call.accept", {{"call_id", id}}), "conflict");
    EXPECT_EQ(error(kBob, "call.accept", {{"call_id", id}}), "conflict");
    EXPECT_EQ(error(kAlice, "call.accept", {{"call_id", id}}), "forbidden");
    EXPECT_EQ(observer.seen, (std::vector<std::string>{"incoming " + id, "answered " + id}));
}

// ---- caller: connecting -> connected, and the relay ------------------------

TEST_F(CallServiceTest, SignalsGoBetweenTheTwoAcceptedSessionsOnly) {
    std::string id = connected_call();
    ok(kAlice, "call.signal", {{"call_id", id}, {"data", {{"type", "offer"}, {"sdp", "v=0"}}}});
    EXPECT_EQ(events(kBob, "call.signal"),
              (std::vector<json>{json{{"call_id", id}, {"from", "u_alice"}, {"data", {{"type", "offer"}, {"sdp", "v=0"}}}}}));
    EXPECT_TRUE(events(kBob2, "call.signal").empty());
    EXPECT_TRUE(events(kAlice2, "call.signal").empty());
    EXPECT_EQ(state(id), CallState::connecting);
    ok(kBob, "call.signal", {{"call_id", id}, {"data", {{"type", "answer"}}}});
    EXPECT_EQ(events(kAlice, "call.signal").size(), 1u);
    EXPECT_EQ(state(id), CallState::connected);

    EXPECT_EQ(error(kAlice2, "call.signal", {{"call_id", id}, {"data", json::object()}}), "forbidden");
    EXPECT_EQ(error(kBob2, "call.signal", {{"call_id", id}, {"data", json::object()}}), "forbidden");
    EXPECT_EQ(error(kCarol, "call.signal", {{"call_id", id}, {"data", json::object()}}), "forbidden");
    EXPECT_EQ(error(kCarol, "call.signal", {{"call_id", "call_nope"}, {"data", json::object()}}), "not_found");
    EXPECT_TRUE(events(kCarol, "call.signal").empty());
}

TEST_F(CallServiceTest, NoSignalBeforeTheAnswer) {
    std::string id = invite(kAlice, "c_ab");
    EXPECT_EQ(error(kAlice, "call.signal", {{"call_id", id}, {"data", json::object()}}), "conflict");
    EXPECT_EQ(error(kBob, "call.signal", {{"call_id", id}, {"data", json::object()}}), "conflict");
    EXPECT_EQ(error(kCarol, "call.signal", {{"call_id", id}, {"data", json::object()}}), "forbidden");
    EXPECT_TRUE(events(kBob, "call.signal").empty());
}

TEST_F(CallServiceTest, SignalPayloadIsAnObjectWithinTheLimit) {
    std::string id = connected_call();
    EXPECT_EQ(error(kAlice, "call.signal", {{"call_id", id}, {"data", std::string(2000, 'x')}}), "bad_request");
    EXPECT_EQ(error(kAlice, "call.signal", {{"call_id", id}}), "bad_request");
    EXPECT_EQ(error(kAlice, "call.signal", {{"call_id", id}, {"data", {{"sdp", std::string(1100, 'x')}}}}),
              "too_large");
    ok(kAlice, "call.signal", {{"call_id", id}, {"data", {{"sdp", std::string(1000, 'x')}}}});
    EXPECT_EQ(events(kBob, "call.signal").size(), 1u);
}

// ---- caller: connected -> ended (hangup) -----------------------------------

TEST_F(CallServiceTest, HangupEndsItForTheOtherSideAsCompleted) {
    std::string id = connected_call();
    EXPECT_EQ(error(kAlice2, "call.hangup", {{"call_id", id}}), "forbidden");
    EXPECT_EQ(error(kBob2, "call.hangup", {{"call_id", id}}), "forbidden");
    ok(kBob, "call.hangup", {{"call_id", id}});
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "hangup")});
    EXPECT_TRUE(events(kBob, "call.ended").empty());
    EXPECT_EQ(service.registry().size(), 0u);
    h.poll();
    EXPECT_EQ(record(id).outcome, "completed");
    EXPECT_EQ(record(id).end_reason, "hangup");
    EXPECT_GT(record(id).answered_at, 0);
    EXPECT_GE(record(id).ended_at, record(id).answered_at);
    EXPECT_EQ(error(kAlice, "call.hangup", {{"call_id", id}}), "not_found");
    EXPECT_EQ(observer.seen.back(), "ended " + id + " hangup completed");
}

// ---- caller: dialing/ringing -> ended --------------------------------------

TEST_F(CallServiceTest, CancelEndsItOnEveryCalleeDevice) {
    std::string id = invite(kAlice, "c_ab");
    EXPECT_EQ(error(kBob, "call.cancel", {{"call_id", id}}), "forbidden");
    ok(kAlice, "call.cancel", {{"call_id", id}});
    EXPECT_EQ(events(kBob, "call.ended"), std::vector<json>{ended(id, "cancelled")});
    EXPECT_EQ(events(kBob2, "call.ended"), std::vector<json>{ended(id, "cancelled")});
    EXPECT_TRUE(events(kAlice, "call.ended").empty());
    h.poll();
    EXPECT_EQ(record(id).outcome, "cancelled");
    EXPECT_EQ(record(id).answered_at, 0);
}

TEST_F(CallServiceTest, CancelAndRejectAfterTheAnswerAreConflicts) {
    std::string id = connected_call();
    EXPECT_EQ(error(kAlice, "call.cancel", {{"call_id", id}}), "conflict");
    EXPECT_EQ(error(kBob2, "call.reject", {{"call_id", id}, {"reason", "declined"}}), "conflict");
}

TEST_F(CallServiceTest, DeclineEndsItForTheCallerAndTheCalleesOtherDevices) {
    std::string id = invite(kAlice, "c_ab");
    EXPECT_EQ(error(kAlice, "call.reject", {{"call_id", id}, {"reason", "declined"}}), "forbidden");
    EXPECT_EQ(error(kBob, "call.reject", {{"call_id", id}, {"reason", "later"}}), "bad_request");
    ok(kBob2, "call.reject", {{"call_id", id}, {"reason", "declined"}});
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "declined")});
    EXPECT_EQ(events(kBob, "call.ended"), std::vector<json>{ended(id, "declined")});
    EXPECT_TRUE(events(kBob2, "call.ended").empty());
    h.poll();
    EXPECT_EQ(record(id).outcome, "declined");
}

TEST_F(CallServiceTest, RejectAsBusy) {
    std::string id = invite(kAlice, "c_ab");
    ok(kBob, "call.reject", {{"call_id", id}, {"reason", "busy"}});
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "busy")});
    h.poll();
    EXPECT_EQ(record(id).outcome, "busy");
}

TEST_F(CallServiceTest, HangupBeforeTheAnswerIsCancelOrDecline) {
    std::string first = invite(kAlice, "c_ab");
    ok(kAlice, "call.hangup", {{"call_id", first}});
    EXPECT_EQ(events(kBob, "call.ended"), std::vector<json>{ended(first, "cancelled")});
    std::string second = invite(kAlice, "c_ab");
    EXPECT_EQ(error(kCarol, "call.hangup", {{"call_id", second}}), "forbidden");
    ok(kBob, "call.hangup", {{"call_id", second}});
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(second, "declined")});
    h.poll();
    EXPECT_EQ(record(first).outcome, "cancelled");
    EXPECT_EQ(record(second).outcome, "declined");
}

// ---- timeout ---------------------------------------------------------------

class QuickRingTest : public CallServiceTest {
protected:
    static CallSettings quick() {
        CallSettings s = test_settings();
        s.ring_timeout_ms = 150;
        s.reconnect_grace_ms = 50;
        return s;
    }
    QuickRingTest() : CallServiceTest(quick()) {}
};

TEST_F(QuickRingTest, NoAnswerWithinTheRingTimeoutIsAMissedCall) {
    std::string id = invite(kAlice, "c_ab");
    ok(kBob, "call.ringing", {{"call_id", id}});
    h.run_for(300ms);
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "timeout")});
    EXPECT_EQ(events(kBob, "call.ended"), std::vector<json>{ended(id, "timeout")});
    EXPECT_EQ(events(kBob2, "call.ended"), std::vector<json>{ended(id, "timeout")});
    EXPECT_EQ(record(id).outcome, "missed");
    EXPECT_EQ(record(id).end_reason, "timeout");
    EXPECT_EQ(service.registry().size(), 0u);
}

TEST_F(QuickRingTest, AnAnsweredCallDoesNotTimeOut) {
    std::string id = connected_call();
    h.run_for(300ms);
    EXPECT_TRUE(events(kAlice, "call.ended").empty());
    EXPECT_EQ(state(id), CallState::connecting);
}

// ---- connection lost -------------------------------------------------------

TEST_F(QuickRingTest, AParticipantThatDoesNotComeBackEndsTheCall) {
    std::string id = connected_call();
    drop(kBob);
    EXPECT_TRUE(events(kAlice, "call.ended").empty()) << "not before the grace period";
    EXPECT_EQ(error(kAlice, "call.signal", {{"call_id", id}, {"data", json::object()}}), "unavailable");
    h.run_for(300ms);
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "connection_lost")});
    EXPECT_EQ(record(id).outcome, "completed");
    EXPECT_EQ(record(id).end_reason, "connection_lost");
}

TEST_F(QuickRingTest, TheSameDeviceReconnectingTakesTheCallBack) {
    std::string id = connected_call();
    drop(kBob);
    connect(7, "u_bob", "b1");
    h.run_for(300ms);
    EXPECT_TRUE(events(kAlice, "call.ended").empty());
    ok(kAlice, "call.signal", {{"call_id", id}, {"data", {{"n", 1}}}});
    EXPECT_EQ(events(7, "call.signal").size(), 1u);
    ok(7, "call.signal", {{"call_id", id}, {"data", {{"n", 2}}}});
    EXPECT_EQ(events(kAlice, "call.signal").size(), 1u);
    ok(7, "call.hangup", {{"call_id", id}});
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "hangup")});
}

TEST_F(QuickRingTest, AnotherDeviceOfTheSameUserDoesNotTakeTheCall) {
    std::string id = connected_call();
    drop(kBob);
    connect(7, "u_bob", "b9");
    EXPECT_EQ(error(7, "call.signal", {{"call_id", id}, {"data", json::object()}}), "forbidden");
    h.run_for(300ms);
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "connection_lost")});
}

TEST_F(QuickRingTest, TheCallerLostWhileRingingEndsItForTheCallee) {
    std::string id = invite(kAlice, "c_ab");
    drop(kAlice);
    h.run_for(300ms);
    EXPECT_EQ(events(kBob, "call.ended"), std::vector<json>{ended(id, "connection_lost")});
    EXPECT_EQ(events(kBob2, "call.ended"), std::vector<json>{ended(id, "connection_lost")});
    EXPECT_EQ(record(id).outcome, "failed");
}

TEST_F(CallServiceTest, ACalleeDeviceComingOnlineWhileItRingsRingsToo) {
    std::string id = invite(kAlice, "c_ab");
    connect(8, "u_bob", "b3");
    EXPECT_EQ(events(8, "call.incoming").size(), 1u);
    EXPECT_EQ(events(kBob, "call.incoming").size(), 1u) << "not twice";
    ok(8, "call.accept", {{"call_id", id}});
    connect(9, "u_bob", "b4");
    EXPECT_TRUE(events(9, "call.incoming").empty()) << "answered";
}

// ---- busy ------------------------------------------------------------------

TEST_F(CallServiceTest, BusyCalleeWithPolicyRejectEndsTheInviteAtOnce) {
    std::string bc = invite(kCarol, "c_bc");
    ok(kBob, "call.accept", {{"call_id", bc}});
    json reply = ok(kAlice, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}});
    std::string id = reply["call_id"];
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "busy")});
    EXPECT_TRUE(events(kBob, "call.incoming").size() == 0 ||
                events(kBob, "call.incoming").back()["call_id"] != id);
    EXPECT_TRUE(events(kBob2, "call.incoming").back()["call_id"] != id);
    h.poll();
    EXPECT_EQ(record(id).outcome, "busy");
    EXPECT_EQ(service.registry().size(), 1u);
}

class BusyNotifyTest : public CallServiceTest {
protected:
    static CallSettings notify() {
        CallSettings s = test_settings();
        s.busy_policy = BusyPolicy::notify;
        return s;
    }
    BusyNotifyTest() : CallServiceTest(notify()) {}
};

TEST_F(BusyNotifyTest, BusyCalleeHearsTheInviteMarkedBusy) {
    std::string bc = invite(kCarol, "c_bc");
    ok(kBob, "call.accept", {{"call_id", bc}});
    std::string id = invite(kAlice, "c_ab");
    auto incoming = events(kBob, "call.incoming");
    ASSERT_FALSE(incoming.empty());
    EXPECT_EQ(incoming.back()["call_id"], id);
    EXPECT_EQ(incoming.back()["busy"], true);
    EXPECT_TRUE(events(kAlice, "call.ended").empty());
    ok(kBob, "call.reject", {{"call_id", id}, {"reason", "busy"}});
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(id, "busy")});
}

// ---- glare -----------------------------------------------------------------

TEST_F(CallServiceTest, GlareJoinsTheTwoInvitesInOneCall) {
    std::string id = invite(kAlice, "c_ab");
    json reply = ok(kBob, "call.invite", {{"conversation_id", "c_ab"}, {"media", "audio"}});
    EXPECT_EQ(reply["call_id"], id);
    EXPECT_EQ(reply["glare"], true);
    EXPECT_EQ(events(kAlice, "call.accepted"),
              (std::vector<json>{json{{"call_id", id}, {"user_id", "u_bob"}, {"device_id", "b1"}}}));
    EXPECT_EQ(events(kBob2, "call.ended"), std::vector<json>{ended(id, "answered_elsewhere")});
    EXPECT_TRUE(events(kAlice, "call.incoming").empty());
    EXPECT_EQ(service.registry().size(), 1u);
    ok(kBob, "call.signal", {{"call_id", id}, {"data", {{"type", "offer"}}}});
    EXPECT_EQ(events(kAlice, "call.signal").size(), 1u);
}

// ---- history ---------------------------------------------------------------

TEST_F(CallServiceTest, HistoryShowsEachSidesDirectionNewestFirst) {
    std::string first = connected_call();
    ok(kAlice, "call.hangup", {{"call_id", first}});
    std::string second = invite(kBob, "c_ab", "video");
    ok(kBob, "call.cancel", {{"call_id", second}});
    invite(kCarol, "c_ac");  // live: not in the history yet
    h.db.call_records.at(first).started_at -= 10;  // same millisecond otherwise
    json alice = ok(kAlice, "call.history", json::object());
    ASSERT_EQ(alice["calls"].size(), 2u) << "the live call is not listed: " << alice;
    json newest = alice["calls"][0];
    EXPECT_EQ(newest["call_id"], second);
    EXPECT_EQ(newest["direction"], "incoming");
    EXPECT_EQ(newest["media"], "video");
    EXPECT_EQ(newest["outcome"], "cancelled");
    EXPECT_EQ(newest["end_reason"], "cancelled");
    EXPECT_EQ(newest["answered_at"], nullptr);
    EXPECT_EQ(newest["duration_ms"], 0);
    json oldest = alice["calls"][1];
    EXPECT_EQ(oldest["call_id"], first);
    EXPECT_EQ(oldest["direction"], "outgoing");
    EXPECT_EQ(oldest["caller_id"], "u_alice");
    EXPECT_EQ(oldest["callee_id"], "u_bob");
    EXPECT_EQ(oldest["conversation_id"], "c_ab");
    EXPECT_EQ(oldest["outcome"], "completed");
    EXPECT_TRUE(oldest["answered_at"].is_number());
    EXPECT_EQ(oldest["duration_ms"], oldest["ended_at"].get<int64_t>() - oldest["answered_at"].get<int64_t>());

    json page = ok(kAlice, "call.history", {{"before", newest["started_at"]}, {"limit", 1}});
    ASSERT_EQ(page["calls"].size(), 1u);
    EXPECT_EQ(page["calls"][0]["call_id"], first);
    EXPECT_EQ(ok(kBob, "call.history", {{"limit", 1}})["calls"][0]["direction"], "outgoing");
    EXPECT_EQ(ok(kDave, "call.history", json::object())["calls"], json::array());
    EXPECT_EQ(error(kAlice, "call.history", {{"limit", 0}}), "bad_request");
    EXPECT_EQ(error(kAlice, "call.history", {{"limit", 201}}), "bad_request");
    EXPECT_EQ(error(kAlice, "call.history", {{"before", "yesterday"}}), "bad_request");
}

// ---- restart and shutdown --------------------------------------------------

TEST_F(CallServiceTest, RecoverEndsTheCallsAStoppedServerLeftAsFailed) {
    h.db.call_records["call_old"] = storage::CallRecord{"call_old", "c_ab", "u_alice", "u_bob", "audio", "", "", 5, 0, 0};
    h.db.call_records["call_done"] =
        storage::CallRecord{"call_done", "c_ab", "u_alice", "u_bob", "audio", "missed", "timeout", 1, 0, 4};
    service.recover();
    h.poll();
    EXPECT_EQ(record("call_old").outcome, "failed");
    EXPECT_EQ(record("call_old").end_reason, "failed");
    EXPECT_GT(record("call_old").ended_at, 0);
    EXPECT_EQ(record("call_done").outcome, "missed");
}

TEST_F(CallServiceTest, ShutdownEndsEveryLiveCallAsFailed) {
    std::string answered = connected_call();
    std::string ringing = invite(kCarol, "c_cd");
    service.end_all();
    h.poll();
    EXPECT_EQ(events(kAlice, "call.ended"), std::vector<json>{ended(answered, "failed")});
    EXPECT_EQ(events(kBob, "call.ended"), std::vector<json>{ended(answered, "failed")});
    EXPECT_EQ(events(kDave, "call.ended"), std::vector<json>{ended(ringing, "failed")});
    EXPECT_EQ(record(answered).outcome, "failed");
    EXPECT_EQ(service.registry().size(), 0u);
}

// ---- the history's write order ---------------------------------------------

TEST(CallHistory, AnEndBeforeTheStartWasStoredIsWrittenAfterIt) {
    ChatHarness h;
    CallHistory history(h.client);
    history.finish_stale(1, [](std::vector<storage::CallRecord>) {});
    ActiveCall call;
    call.call_id = "call_1";
    call.caller.user_id = "u_a";
    call.callee.user_id = "u_b";
    call.started_at = 10;
    history.started(call);
    history.ended(call, CallOutcome::cancelled, EndReason::cancelled, 20);
    h.poll();
    EXPECT_EQ(h.db.call_records.at("call_1").outcome, "cancelled");
    EXPECT_EQ(h.db.call_records.at("call_1").ended_at, 20);
}

TEST(CallHistory, NothingIsWrittenBeforeTheStaleCleanupFinished) {
    ChatHarness h;
    CallHistory history(h.client);
    ActiveCall call;
    call.call_id = "call_new";
    history.started(call);
    h.poll();
    EXPECT_EQ(h.db.call_records.count("call_new"), 0u);
    history.finish_stale(1, [](std::vector<storage::CallRecord>) {});
    h.poll();
    ASSERT_EQ(h.db.call_records.count("call_new"), 1u);
    EXPECT_EQ(h.db.call_records.at("call_new").outcome, "") << "the cleanup did not finish the new call";
}

TEST(CallHistory, AReadWaitsForTheUsersWritesInFlight) {
    ChatHarness h;
    CallHistory history(h.client);
    history.finish_stale(1, [](std::vector<storage::CallRecord>) {});
    h.poll();
    ActiveCall call;
    call.call_id = "call_1";
    call.caller.user_id = "u_a";
    call.callee.user_id = "u_b";
    call.started_at = 10;
    history.started(call);
    history.ended(call, CallOutcome::declined, EndReason::declined, 20);
    std::vector<std::string> seen;
    for (const char* user : {"u_a", "u_b"})
        history.when_settled(user, [&, user] { seen.push_back(user + std::string(":") + h.db.call_records.at("call_1").outcome); });
    bool other_user_read = false;
    history.when_settled("u_c", [&] { other_user_read = true; });
    EXPECT_TRUE(other_user_read) << "a user with no writes in flight reads at once";
    EXPECT_TRUE(seen.empty()) << "read before the writes completed";
    h.poll();
    EXPECT_EQ(seen, (std::vector<std::string>{"u_a:declined", "u_b:declined"}));
}

}  // namespace
}  // namespace switchboard::calls
