#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/refresh_token.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Refresh tokens, stored by hash (sb_storage_vtable refresh_*).
class TokenStore {
public:
    explicit TokenStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply insert(const sdk::storage::RefreshToken& token);
    // Consumes `old_hash` (unless expired at `now`) and stores `replacement`
    // with the old token's user and device, in the same transaction, so a
    // token rotates once only.
    sdk::storage::Reply rotate(const std::string& old_hash, int64_t now, const sdk::storage::RefreshToken& replacement);
    sdk::storage::Reply revoke(const std::string& token_hash);
    sdk::storage::Reply revoke_user(const std::string& user_id);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
