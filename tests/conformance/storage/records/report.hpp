#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct Report {
    std::string report_id;
    std::string reporter_id;
    std::string target_user_id;
    std::string conversation_id;
    uint64_t seq = 0;
    std::string reason;
    int64_t created_at = 0;

    sb_report to_c() const {
        return sb_report{sizeof(sb_report),           sdk::to_sb(report_id),
                         sdk::to_sb(reporter_id),     sdk::to_sb(target_user_id),
                         sdk::to_sb(conversation_id), seq,
                         sdk::to_sb(reason),          created_at};
    }
};

}  // namespace switchboard::conformance::storage::records
