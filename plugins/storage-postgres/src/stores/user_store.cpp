#include "stores/user_store.hpp"

#include <vector>

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;
using sdk::storage::User;

#define USER_COLUMNS "user_id, username, display_name, password_hash, created_at, last_seen_at"

User UserStore::read_row(const db::Row& row) {
    return User{row.text(0), row.text(1), row.text(2), row.text(3), row.integer(4), row.integer(5)};
}

std::optional<User> UserStore::load(const std::string& user_id) {
    pqxx::result rows = db_.query("SELECT " USER_COLUMNS " FROM users WHERE user_id = $1").text(user_id).run();
    if (rows.empty()) return std::nullopt;
    return read_row(db::Row(rows[0]));
}

Reply UserStore::create(const User& user) {
    pqxx::result inserted =
        db_.query("INSERT INTO users (" USER_COLUMNS ") VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING")
            .text(user.user_id)
            .text(user.username)
            .text(user.display_name)
            .text(user.password_hash)
            .integer(user.created_at)
            .integer(user.last_seen_at)
            .run();
    if (inserted.affected_rows() == 0) return Reply::fail(SB_ERR_CONFLICT, "a user with this user_id or username exists");
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
    pqxx::result rows = db_.query("SELECT " USER_COLUMNS " FROM users WHERE username = $1").text(username).run();
    if (rows.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "no such user");
    return Reply::user(read_row(db::Row(rows[0])));
}

Reply UserStore::search(const std::string& text, uint32_t limit) {
    // Under COLLATE "C", lower() folds ASCII only, like the host's lower-casing of usernames.
    pqxx::result rows = db_.query("SELECT " USER_COLUMNS
                                  " FROM users"
                                  " WHERE strpos(lower(username), lower($1 COLLATE \"C\")) > 0"
                                  " OR strpos(lower(display_name), lower($1 COLLATE \"C\")) > 0"
                                  " ORDER BY username LIMIT $2")
                            .text(text)
                            .integer(limit)
                            .run();
    std::vector<User> users;
    users.reserve(rows.size());
    for (const auto& row : rows) users.push_back(read_row(db::Row(row)));
    return Reply::users(std::move(users));
}

Reply UserStore::update(const std::string& user_id, const std::optional<std::string>& display_name,
                        const std::optional<std::string>& password_hash) {
    pqxx::result rows = db_.query(
                               "UPDATE users SET display_name = coalesce($2, display_name),"
                               " password_hash = coalesce($3, password_hash)"
                               " WHERE user_id = $1 RETURNING " USER_COLUMNS)
                            .text(user_id)
                            .optional_text(display_name)
                            .optional_text(password_hash)
                            .run();
    if (rows.empty()) return Reply::fail(SB_ERR_NOT_FOUND, "no such user");
    return Reply::user(read_row(db::Row(rows[0])));
}

Reply UserStore::touch(const std::string& user_id, int64_t last_seen_at) {
    db_.query("UPDATE users SET last_seen_at = greatest(last_seen_at, $2) WHERE user_id = $1")
        .text(user_id)
        .integer(last_seen_at)
        .run();
    return Reply::ok();
}

}  // namespace switchboard::plugins::storage_postgres::stores
