#include "stores/token_store.hpp"

#include "db/row.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;
using sdk::storage::RefreshToken;

Reply TokenStore::insert(const RefreshToken& token) {
    pqxx::result inserted = db_.query(
                                   "INSERT INTO refresh_tokens (token_hash, user_id, device_id, created_at, expires_at)"
                                   " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                                .text(token.token_hash)
                                .text(token.user_id)
                                .text(token.device_id)
                                .integer(token.created_at)
                                .integer(token.expires_at)
                                .run();
    if (inserted.affected_rows() == 0) return Reply::fail(SB_ERR_CONFLICT, "a refresh token with this hash exists");
    return Reply::ok();
}

Reply TokenStore::rotate(const std::string& old_hash, int64_t now, const RefreshToken& replacement) {
    pqxx::result deleted = db_.query(
                                  "DELETE FROM refresh_tokens WHERE token_hash = $1 AND expires_at > $2"
                                  " RETURNING token_hash, user_id, device_id, created_at, expires_at")
                               .text(old_hash)
                               .integer(now)
                               .run();
    if (deleted.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "unknown or expired refresh token");
    db::Row row(deleted[0]);
    RefreshToken consumed{row.text(0), row.text(1), row.text(2), row.integer(3), row.integer(4)};
    // The replacement belongs to whoever owned the consumed token.
    RefreshToken owned = replacement;
    owned.user_id = consumed.user_id;
    owned.device_id = consumed.device_id;
    Reply inserted = insert(owned);
    if (inserted.failed()) return inserted;
    return Reply::refresh_token(std::move(consumed));
}

Reply TokenStore::revoke(const std::string& token_hash) {
    db_.query("DELETE FROM refresh_tokens WHERE token_hash = $1").text(token_hash).run();
    return Reply::ok();
}

Reply TokenStore::revoke_user(const std::string& user_id) {
    db_.query("DELETE FROM refresh_tokens WHERE user_id = $1").text(user_id).run();
    return Reply::ok();
}

}  // namespace switchboard::plugins::storage_postgres::stores
