// Switchboard C++ plugin SDK (header-only) storage kit: a reaction to a message, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct Reaction {
    std::string user_id;
    std::string emoji;
    int64_t created_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static Reaction from(const sb_reaction& borrowed) {
        sb_reaction c = read_record(borrowed);
        return Reaction{std::string(to_view(c.user_id)), std::string(to_view(c.emoji)), c.created_at};
    }
    // A view borrowing this object's strings.
    sb_reaction to_c() const {
        sb_reaction c{};
        c.struct_size = sizeof(c);
        c.user_id = to_sb(user_id);
        c.emoji = to_sb(emoji);
        c.created_at = created_at;
        return c;
    }
    bool operator==(const Reaction&) const = default;
};

}  // namespace switchboard::sdk::storage
