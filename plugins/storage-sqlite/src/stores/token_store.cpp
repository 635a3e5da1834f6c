#include "stores/token_store.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;
using sdk::storage::RefreshToken;

Reply TokenStore::insert(const RefreshToken& token) {
    db_.query(
           "INSERT INTO refresh_tokens (token_hash, user_id, device_id, created_at, expires_at)"
           " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
        .bind_text(1, token.token_hash)
        .bind_text(2, token.user_id)
        .bind_text(3, token.device_id)
        .bind_int(4, token.created_at)
        .bind_int(5, token.expires_at)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_CONFLICT, "a refresh token with this hash exists");
    return Reply::ok();
}

Reply TokenStore::rotate(const std::string& old_hash, int64_t now, const RefreshToken& replacement) {
    RefreshToken consumed;
    {
        db::Query query = db_.query(
            "DELETE FROM refresh_tokens WHERE token_hash = ?1 AND expires_at > ?2"
            " RETURNING token_hash, user_id, device_id, created_at, expires_at");
        query.bind_text(1, old_hash).bind_int(2, now);
        if (!query.next()) return Reply::fail(SB_ERR_NOT_FOUND, "unknown or expired refresh token");
        consumed = RefreshToken{query.column_text(0), query.column_text(1), query.column_text(2), query.column_int(3),
                                query.column_int(4)};
        query.run();
    }
    // The replacement belongs to whoever owned the consumed token.
    RefreshToken owned = replacement;
    owned.user_id = consumed.user_id;
    owned.device_id = consumed.device_id;
    Reply inserted = insert(owned);
    if (inserted.failed()) return inserted;
    return Reply::refresh_token(std::move(consumed));
}

Reply TokenStore::revoke(const std::string& token_hash) {
    db_.query("DELETE FROM refresh_tokens WHERE token_hash = ?1").bind_text(1, token_hash).run();
    return Reply::ok();
}

Reply TokenStore::revoke_user(const std::string& user_id) {
    db_.query("DELETE FROM refresh_tokens WHERE user_id = ?1").bind_text(1, user_id).run();
    return Reply::ok();
}

}  // namespace switchboard::plugins::storage_sqlite::stores
