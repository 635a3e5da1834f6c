#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "db/row.hpp"
#include "exec/reply.hpp"
#include "records/user.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Users and their credentials (sb_storage_vtable user_*).
class UserStore {
public:
    explicit UserStore(db::Connection& db) : db_(db) {}

    exec::Reply create(const records::User& user);
    exec::Reply ensure(const records::User& user);
    exec::Reply get(const std::string& user_id);
    exec::Reply get_by_username(const std::string& username);
    exec::Reply search(const std::string& text, uint32_t limit);
    // An absent field stays unchanged.
    exec::Reply update(const std::string& user_id, const std::optional<std::string>& display_name,
                       const std::optional<std::string>& password_hash);
    exec::Reply touch(const std::string& user_id, int64_t last_seen_at);

private:
    std::optional<records::User> load(const std::string& user_id);
    static records::User read_row(const db::Row& row);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
