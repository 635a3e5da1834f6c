#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct Member {
    std::string user_id;
    std::string role;
    int64_t joined_at = 0;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;

    static Member from(const sb_member& borrowed) {
        sb_member c = sdk::read_record(borrowed);
        return Member{std::string(sdk::to_view(c.user_id)), std::string(sdk::to_view(c.role)), c.joined_at,
                      c.delivered_seq, c.read_seq};
    }
    sb_member to_c() const {
        return sb_member{sizeof(sb_member), sdk::to_sb(user_id), sdk::to_sb(role), joined_at, delivered_seq, read_seq};
    }
    bool operator==(const Member&) const = default;
};

}  // namespace switchboard::conformance::storage::records
