// Switchboard C++ plugin SDK (header-only) storage kit: one call of the call history (ABI 1.2), owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct CallRecord {
    std::string call_id;
    std::string conversation_id;
    std::string caller_id;
    std::string callee_id;
    std::string media;
    std::string outcome;     // empty while unfinished
    std::string end_reason;  // empty while unfinished
    int64_t started_at = 0;
    int64_t answered_at = 0;
    int64_t ended_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static CallRecord from(const sb_call_record& borrowed) {
        sb_call_record c = read_record(borrowed);
        return CallRecord{std::string(to_view(c.call_id)),   std::string(to_view(c.conversation_id)),
                          std::string(to_view(c.caller_id)), std::string(to_view(c.callee_id)),
                          std::string(to_view(c.media)),     std::string(to_view(c.outcome)),
                          std::string(to_view(c.end_reason)), c.started_at,
                          c.answered_at,                     c.ended_at};
    }
    // A view borrowing this object's strings.
    sb_call_record to_c() const {
        sb_call_record c{};
        c.struct_size = sizeof(c);
        c.call_id = to_sb(call_id);
        c.conversation_id = to_sb(conversation_id);
        c.caller_id = to_sb(caller_id);
        c.callee_id = to_sb(callee_id);
        c.media = to_sb(media);
        c.outcome = to_sb(outcome);
        c.end_reason = to_sb(end_reason);
        c.started_at = started_at;
        c.answered_at = answered_at;
        c.ended_at = ended_at;
        return c;
    }
    bool operator==(const CallRecord&) const = default;
};

}  // namespace switchboard::sdk::storage
