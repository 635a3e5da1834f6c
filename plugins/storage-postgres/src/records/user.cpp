#include "records/user.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;
using sdk::to_view;

User User::from(const sb_user& c) {
    return User{std::string(to_view(c.user_id)),
                std::string(to_view(c.username)),
                std::string(to_view(c.display_name)),
                std::string(to_view(c.password_hash)),
                c.created_at,
                c.last_seen_at};
}

sb_user User::to_c() const {
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

}  // namespace switchboard::plugins::storage_postgres::records
