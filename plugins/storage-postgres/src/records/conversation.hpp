#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "records/member.hpp"
#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct Conversation {
    std::string conversation_id;
    std::string type;
    std::string title;
    std::string created_by;
    int64_t created_at = 0;
    uint64_t last_seq = 0;
    std::vector<Member> members;

    // last_seq is storage's own and is not copied.
    static Conversation from(const sb_conversation& c);
};

}  // namespace switchboard::plugins::storage_postgres::records
