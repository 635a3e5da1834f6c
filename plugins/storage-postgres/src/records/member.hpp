#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct Member {
    std::string user_id;
    std::string role;
    int64_t joined_at = 0;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;

    static Member from(const sb_member& c);
    sb_member to_c() const;
};

}  // namespace switchboard::plugins::storage_postgres::records
