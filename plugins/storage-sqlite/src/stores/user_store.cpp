#include "stores/user_store.hpp"

#include <vector>

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;
using sdk::storage::User;

#define USER_COLUMNS "user_id, username, display_name, password_hash, created_at, last_seen_at"

User UserStore::read_row(const db::Query& row) {
    return User{row.column_text(0), row.column_text(1), row.column_text(2),
                row.column_text(3), row.column_int(4),  row.column_int(5)};
}

std::optional<User> UserStore::load(const std::string& user_id) {
    db::Query query = db_.query("SELECT " USER_COLUMNS " FROM users WHERE user_id = ?1");
    query.bind_text(1, user_id);
    if (!query.next()) return std::nullopt;
    return read_row(query);
}

Reply UserStore::create(const User& user) {
    db_.query("INSERT INTO users (" USER_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
        .bind_text(1, user.user_id)
        .bind_text(2, user.username)
        .bind_text(3, user.display_name)
        .bind_text(4, user.password_hash)
        .bind_int(5, user.created_at)
        .bind_int(6, user.last_seen_at)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_CONFLICT, "a user with this user_id or username exists");
    return Reply::ok();
}

Reply UserStore::ensure(const User& user) {
    if (auto stored = load(user.user_id)) return Reply::user(std::move(*stored));
    Reply created = create(user);
    if (created.failed()) return Reply::fail(SB_ERR_CONFLICT, "the username is taken by another user");
    return Reply::user(user);
}

Reply UserStore::get(const std::string& user_id) {
    if (auto stored = load(user_id)) return Reply::user(std::move(*stored));
    return Reply::fail(SB_ERR_NOT_FOUND, "no such user");
}

Reply UserStore::get_by_username(const std::string& username) {
    db::Query query = db_.query("SELECT " USER_COLUMNS " FROM users WHERE username = ?1");
    query.bind_text(1, username);
    if (!query.next()) return Reply::fail(SB_ERR_NOT_FOUND, "no such user");
    return Reply::user(read_row(query));
}

Reply UserStore::search(const std::string& text, uint32_t limit) {
    // lower() folds ASCII only, like the host's lower-casing of usernames.
    db::Query query =
        db_.query("SELECT " USER_COLUMNS
                  " FROM users"
                  " WHERE instr(lower(username), lower(?1)) > 0 OR instr(lower(display_name), lower(?1)) > 0"
                  " ORDER BY username LIMIT ?2");
    query.bind_text(1, text).bind_int(2, limit);
    std::vector<User> users;
    while (query.next()) users.push_back(read_row(query));
    return Reply::users(std::move(users));
}

Reply UserStore::update(const std::string& user_id, const std::optional<std::string>& display_name,
                        const std::optional<std::string>& password_hash) {
    db_.query(
           "UPDATE users SET display_name = coalesce(?2, display_name), password_hash = coalesce(?3, password_hash)"
           " WHERE user_id = ?1")
        .bind_text(1, user_id)
        .bind_optional_text(2, display_name)
        .bind_optional_text(3, password_hash)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such user");
    return Reply::user(*load(user_id));
}

Reply UserStore::touch(const std::string& user_id, int64_t last_seen_at) {
    db_.query("UPDATE users SET last_seen_at = max(last_seen_at, ?2) WHERE user_id = ?1")
        .bind_text(1, user_id)
        .bind_int(2, last_seen_at)
        .run();
    return Reply::ok();
}

}  // namespace switchboard::plugins::storage_sqlite::stores
