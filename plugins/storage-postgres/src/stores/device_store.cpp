#include "stores/device_store.hpp"

#include <vector>

#include "db/row.hpp"

namespace switchboard::plugins::storage_postgres::stores {

using sdk::storage::Reply;
using sdk::storage::Device;

#define DEVICE_COLUMNS "user_id, device_id, provider, token, extra_json, updated_at"

namespace {

// Every row of a result of DEVICE_COLUMNS.
std::vector<Device> read_devices(const pqxx::result& rows) {
    std::vector<Device> devices;
    devices.reserve(rows.size());
    for (const auto& r : rows) {
        db::Row row(r);
        devices.push_back(Device{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.integer(5)});
    }
    return devices;
}

}  // namespace

Reply DeviceStore::upsert(const Device& device) {
    db_.query(
           "INSERT INTO devices (user_id, device_id, provider, token, extra_json, updated_at)"
           " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, device_id) DO UPDATE SET"
           " provider = excluded.provider, token = excluded.token, extra_json = excluded.extra_json,"
           " updated_at = excluded.updated_at")
        .text(device.user_id)
        .text(device.device_id)
        .text(device.provider)
        .text(device.token)
        .text(device.extra_json)
        .integer(device.updated_at)
        .run();
    return Reply::ok();
}

Reply DeviceStore::remove(const std::string& user_id, const std::string& device_id) {
    pqxx::result deleted =
        db_.query("DELETE FROM devices WHERE user_id = $1 AND device_id = $2").text(user_id).text(device_id).run();
    if (deleted.affected_rows() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such device");
    return Reply::ok();
}

Reply DeviceStore::list(const std::string& user_id) {
    return Reply::devices(read_devices(
        db_.query("SELECT " DEVICE_COLUMNS " FROM devices WHERE user_id = $1 ORDER BY device_id").text(user_id).run()));
}

Reply DeviceStore::remove_by_token(const std::string& provider, const std::string& token) {
    return Reply::devices(read_devices(
        db_.query("DELETE FROM devices WHERE provider = $1 AND token = $2 RETURNING " DEVICE_COLUMNS)
            .text(provider)
            .text(token)
            .run()));
}

}  // namespace switchboard::plugins::storage_postgres::stores
