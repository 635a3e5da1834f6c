#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct User {
    std::string user_id;
    std::string username;
    std::string display_name;
    std::string password_hash;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;

    static User from(const sb_user& c);
    // A view borrowing this object's strings.
    sb_user to_c() const;
};

}  // namespace switchboard::plugins::storage_postgres::records
