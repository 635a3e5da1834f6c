// Switchboard C++ plugin SDK (header-only) storage kit: a conversation member, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct Member {
    std::string user_id;
    std::string role;
    int64_t joined_at = 0;
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;

    // Copies `borrowed`, read version-tolerantly.
    static Member from(const sb_member& borrowed) {
        sb_member c = read_record(borrowed);
        return Member{std::string(to_view(c.user_id)), std::string(to_view(c.role)), c.joined_at, c.delivered_seq,
                      c.read_seq};
    }
    // A view borrowing this object's strings.
    sb_member to_c() const {
        sb_member c{};
        c.struct_size = sizeof(c);
        c.user_id = to_sb(user_id);
        c.role = to_sb(role);
        c.joined_at = joined_at;
        c.delivered_seq = delivered_seq;
        c.read_seq = read_seq;
        return c;
    }
    bool operator==(const Member&) const = default;
};

}  // namespace switchboard::sdk::storage
