#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct Reaction {
    std::string user_id;
    std::string emoji;
    int64_t created_at = 0;

    static Reaction from(const sb_reaction& borrowed) {
        sb_reaction c = sdk::read_record(borrowed);
        return Reaction{std::string(sdk::to_view(c.user_id)), std::string(sdk::to_view(c.emoji)), c.created_at};
    }
    bool operator==(const Reaction&) const = default;
};

}  // namespace switchboard::conformance::storage::records
