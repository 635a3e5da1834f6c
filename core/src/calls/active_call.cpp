#include "switchboard/calls/active_call.hpp"

namespace switchboard::calls {

Participant* ActiveCall::participant_at(uint64_t conn) noexcept {
    if (conn == 0) return nullptr;
    if (caller.conn == conn) return &caller;
    if (answered() && callee.conn == conn) return &callee;
    return nullptr;
}

}  // namespace switchboard::calls
