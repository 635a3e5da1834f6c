#pragma once

#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "switchboard/calls/participant.hpp"

namespace switchboard::calls {

// The caller's view of a live call (docs/calls.md); `ended` never shows in the
// registry, an ended call leaves it.
enum class CallState { dialing, ringing, connecting, connected };

// A call that has not ended: who, what, since when, and its timers.
// Kernel-thread only.
struct ActiveCall {
    std::string call_id;
    std::string conversation_id;
    std::string media;  // "audio" or "video"
    std::string caller_display_name;
    int64_t started_at = 0;
    int64_t answered_at = 0;  // 0 until call.accept
    CallState state = CallState::dialing;
    bool callee_busy = false;            // the callee was in another call at the invite
    Participant caller;
    Participant callee;                  // user_id from the start; a session once accepted
    std::set<uint64_t> incoming_sent_to; // callee sessions that got call.incoming
    std::shared_ptr<boost::asio::steady_timer> ring_timer;

    bool answered() const noexcept { return answered_at != 0; }
    // The participant whose session is `conn` (the callee only once accepted), or null.
    Participant* participant_at(uint64_t conn) noexcept;
    Participant& other(const Participant& p) noexcept { return &p == &caller ? callee : caller; }
};

}  // namespace switchboard::calls
