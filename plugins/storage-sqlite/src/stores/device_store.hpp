#pragma once

#include <string>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/device.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_sqlite::stores {

// Push devices, keyed by (user_id, device_id) (sb_storage_vtable device_*).
class DeviceStore {
public:
    explicit DeviceStore(db::Connection& db) : db_(db) {}

    sdk::storage::Reply upsert(const sdk::storage::Device& device);
    sdk::storage::Reply remove(const std::string& user_id, const std::string& device_id);
    sdk::storage::Reply list(const std::string& user_id);
    // Deletes the devices of any user registered with that provider's token; replies with them.
    sdk::storage::Reply remove_by_token(const std::string& provider, const std::string& token);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_sqlite::stores
