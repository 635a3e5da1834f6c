#include "records/member.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;
using sdk::to_view;

Member Member::from(const sb_member& c) {
    return Member{std::string(to_view(c.user_id)), std::string(to_view(c.role)), c.joined_at, c.delivered_seq,
                  c.read_seq};
}

sb_member Member::to_c() const {
    sb_member c{};
    c.struct_size = sizeof(c);
    c.user_id = to_sb(user_id);
    c.role = to_sb(role);
    c.joined_at = joined_at;
    c.delivered_seq = delivered_seq;
    c.read_seq = read_seq;
    return c;
}

}  // namespace switchboard::plugins::storage_postgres::records
