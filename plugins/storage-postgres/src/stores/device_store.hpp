#pragma once

#include <string>

#include "db/connection.hpp"
#include "exec/reply.hpp"
#include "records/device.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Push devices, keyed by (user_id, device_id) (sb_storage_vtable device_*).
class DeviceStore {
public:
    explicit DeviceStore(db::Connection& db) : db_(db) {}

    exec::Reply upsert(const records::Device& device);
    exec::Reply remove(const std::string& user_id, const std::string& device_id);
    exec::Reply list(const std::string& user_id);

private:
    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
