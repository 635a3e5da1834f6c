#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct RefreshToken {
    std::string token_hash;
    std::string user_id;
    std::string device_id;
    int64_t created_at = 0;
    int64_t expires_at = 0;

    static RefreshToken from(const sb_refresh_token& c);
    sb_refresh_token to_c() const;
};

}  // namespace switchboard::plugins::storage_postgres::records
