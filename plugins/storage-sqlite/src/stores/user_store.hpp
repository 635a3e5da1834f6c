#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/reply.hpp"
#include "switchboard/sdk/storage/user.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// Users and their credentials (sb_storage_vtable user_*).
class UserStore {
public:
    explicit UserStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply create(const sdk::storage::User& user);
    sdk::storage::Reply ensure(const sdk::storage::User& user);
    sdk::storage::Reply get(const std::string& user_id);
    sdk::storage::Reply get_by_username(const std::string& username);
    sdk::storage::Reply search(const std::string& text, uint32_t limit);
    // An absent field stays unchanged.
    sdk::storage::Reply update(const std::string& user_id, const std::optional<std::string>& display_name,
                       const std::optional<std::string>& password_hash);
    sdk::storage::Reply touch(const std::string& user_id, int64_t last_seen_at);

private:
    std::optional<sdk::storage::User> load(const std::string& user_id);
    static sdk::storage::User read_row(const db::Query& row);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
