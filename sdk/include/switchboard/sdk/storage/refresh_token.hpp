// Switchboard C++ plugin SDK (header-only) storage kit: a refresh token, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct RefreshToken {
    std::string token_hash;
    std::string user_id;
    std::string device_id;
    int64_t created_at = 0;
    int64_t expires_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static RefreshToken from(const sb_refresh_token& borrowed) {
        sb_refresh_token c = read_record(borrowed);
        return RefreshToken{std::string(to_view(c.token_hash)), std::string(to_view(c.user_id)),
                            std::string(to_view(c.device_id)), c.created_at, c.expires_at};
    }
    // A view borrowing this object's strings.
    sb_refresh_token to_c() const {
        sb_refresh_token c{};
        c.struct_size = sizeof(c);
        c.token_hash = to_sb(token_hash);
        c.user_id = to_sb(user_id);
        c.device_id = to_sb(device_id);
        c.created_at = created_at;
        c.expires_at = expires_at;
        return c;
    }
    bool operator==(const RefreshToken&) const = default;
};

}  // namespace switchboard::sdk::storage
