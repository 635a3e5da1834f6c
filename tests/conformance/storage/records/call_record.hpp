#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct CallRecord {
    std::string call_id;
    std::string conversation_id;
    std::string caller_id;
    std::string callee_id;
    std::string media;
    std::string outcome;
    std::string end_reason;
    int64_t started_at = 0;
    int64_t answered_at = 0;
    int64_t ended_at = 0;

    static CallRecord from(const sb_call_record& borrowed) {
        sb_call_record c = sdk::read_record(borrowed);
        return CallRecord{std::string(sdk::to_view(c.call_id)),   std::string(sdk::to_view(c.conversation_id)),
                          std::string(sdk::to_view(c.caller_id)), std::string(sdk::to_view(c.callee_id)),
                          std::string(sdk::to_view(c.media)),     std::string(sdk::to_view(c.outcome)),
                          std::string(sdk::to_view(c.end_reason)), c.started_at,
                          c.answered_at,                          c.ended_at};
    }
    sb_call_record to_c() const {
        return sb_call_record{sizeof(sb_call_record),      sdk::to_sb(call_id),   sdk::to_sb(conversation_id),
                              sdk::to_sb(caller_id),       sdk::to_sb(callee_id), sdk::to_sb(media),
                              sdk::to_sb(outcome),         sdk::to_sb(end_reason), started_at,
                              answered_at,                 ended_at};
    }
    bool operator==(const CallRecord&) const = default;
};

}  // namespace switchboard::conformance::storage::records
