#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "exec/reply.hpp"
#include "records/refresh_token.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Refresh tokens, stored by hash (sb_storage_vtable refresh_*).
class TokenStore {
public:
    explicit TokenStore(db::Connection& db) : db_(db) {}

    exec::Reply insert(const records::RefreshToken& token);
    // Consumes `old_hash` (unless expired at `now`) and stores `replacement`
    // with the old token's user and device, in the same transaction, so a
    // token rotates once only.
    exec::Reply rotate(const std::string& old_hash, int64_t now, const records::RefreshToken& replacement);
    exec::Reply revoke(const std::string& token_hash);
    exec::Reply revoke_user(const std::string& user_id);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
