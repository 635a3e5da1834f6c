#include "records/refresh_token.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;
using sdk::to_view;

RefreshToken RefreshToken::from(const sb_refresh_token& c) {
    return RefreshToken{std::string(to_view(c.token_hash)), std::string(to_view(c.user_id)),
                        std::string(to_view(c.device_id)), c.created_at, c.expires_at};
}

sb_refresh_token RefreshToken::to_c() const {
    sb_refresh_token c{};
    c.struct_size = sizeof(c);
    c.token_hash = to_sb(token_hash);
    c.user_id = to_sb(user_id);
    c.device_id = to_sb(device_id);
    c.created_at = created_at;
    c.expires_at = expires_at;
    return c;
}

}  // namespace switchboard::plugins::storage_postgres::records
