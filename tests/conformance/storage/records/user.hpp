#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct User {
    std::string user_id;
    std::string username;
    std::string display_name;
    std::string password_hash;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;

    static User from(const sb_user& borrowed) {
        sb_user c = sdk::read_record(borrowed);
        return User{std::string(sdk::to_view(c.user_id)),
                    std::string(sdk::to_view(c.username)),
                    std::string(sdk::to_view(c.display_name)),
                    std::string(sdk::to_view(c.password_hash)),
                    c.created_at,
                    c.last_seen_at};
    }
    sb_user to_c() const {
        return sb_user{sizeof(sb_user),           sdk::to_sb(user_id), sdk::to_sb(username), sdk::to_sb(display_name),
                       sdk::to_sb(password_hash), created_at,          last_seen_at};
    }
    bool operator==(const User&) const = default;
};

}  // namespace switchboard::conformance::storage::records
