#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct Reaction {
    std::string user_id;
    std::string emoji;
    int64_t created_at = 0;

    sb_reaction to_c() const;
};

}  // namespace switchboard::plugins::storage_postgres::records
