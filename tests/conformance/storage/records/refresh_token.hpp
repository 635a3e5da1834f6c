#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct RefreshToken {
    std::string token_hash;
    std::string user_id;
    std::string device_id;
    int64_t created_at = 0;
    int64_t expires_at = 0;

    static RefreshToken from(const sb_refresh_token& borrowed) {
        sb_refresh_token c = sdk::read_record(borrowed);
        return RefreshToken{std::string(sdk::to_view(c.token_hash)), std::string(sdk::to_view(c.user_id)),
                            std::string(sdk::to_view(c.device_id)), c.created_at, c.expires_at};
    }
    sb_refresh_token to_c() const {
        return sb_refresh_token{sizeof(sb_refresh_token),
                                sdk::to_sb(token_hash),
                                sdk::to_sb(user_id),
                                sdk::to_sb(device_id),
                                created_at,
                                expires_at};
    }
    bool operator==(const RefreshToken&) const = default;
};

}  // namespace switchboard::conformance::storage::records
