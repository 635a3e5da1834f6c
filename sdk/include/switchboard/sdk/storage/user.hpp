// Switchboard C++ plugin SDK (header-only) storage kit: a user, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct User {
    std::string user_id;
    std::string username;
    std::string display_name;
    std::string password_hash;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static User from(const sb_user& borrowed) {
        sb_user c = read_record(borrowed);
        return User{std::string(to_view(c.user_id)),       std::string(to_view(c.username)),
                    std::string(to_view(c.display_name)),  std::string(to_view(c.password_hash)),
                    c.created_at,                          c.last_seen_at};
    }
    // A view borrowing this object's strings.
    sb_user to_c() const {
        sb_user c{};
        c.struct_size = sizeof(c);
        c.user_id = to_sb(user_id);
        c.username = to_sb(username);
        c.display_name = to_sb(display_name);
        c.password_hash = to_sb(password_hash);
        c.created_at = created_at;
        c.last_seen_at = last_seen_at;
        return c;
    }
    bool operator==(const User&) const = default;
};

}  // namespace switchboard::sdk::storage
