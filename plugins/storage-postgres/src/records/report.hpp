#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct Report {
    std::string report_id;
    std::string reporter_id;
    std::string target_user_id;
    std::string conversation_id;
    uint64_t seq = 0;
    std::string reason;
    int64_t created_at = 0;

    static Report from(const sb_report& c);
};

}  // namespace switchboard::plugins::storage_postgres::records
