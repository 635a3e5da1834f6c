#include "records/reaction.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

sb_reaction Reaction::to_c() const {
    sb_reaction c{};
    c.struct_size = sizeof(c);
    c.user_id = sdk::to_sb(user_id);
    c.emoji = sdk::to_sb(emoji);
    c.created_at = created_at;
    return c;
}

}  // namespace switchboard::plugins::storage_postgres::records
