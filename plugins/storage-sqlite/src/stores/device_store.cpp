#include "stores/device_store.hpp"

#include <vector>

namespace switchboard::plugins::storage_sqlite::stores {

using sdk::storage::Reply;
using sdk::storage::Device;

#define DEVICE_COLUMNS "user_id, device_id, provider, token, extra_json, updated_at"

namespace {

// Every row of a query selecting DEVICE_COLUMNS.
std::vector<Device> read_devices(db::Query& query) {
    std::vector<Device> devices;
    while (query.next())
        devices.push_back(Device{query.column_text(0), query.column_text(1), query.column_text(2), query.column_text(3),
                                 query.column_text(4), query.column_int(5)});
    return devices;
}

}  // namespace

Reply DeviceStore::upsert(const Device& device) {
    db_.query(
           "INSERT INTO devices (user_id, device_id, provider, token, extra_json, updated_at)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id, device_id) DO UPDATE SET"
           " provider = excluded.provider, token = excluded.token, extra_json = excluded.extra_json,"
           " updated_at = excluded.updated_at")
        .bind_text(1, device.user_id)
        .bind_text(2, device.device_id)
        .bind_text(3, device.provider)
        .bind_text(4, device.token)
        .bind_text(5, device.extra_json)
        .bind_int(6, device.updated_at)
        .run();
    return Reply::ok();
}

Reply DeviceStore::remove(const std::string& user_id, const std::string& device_id) {
    db_.query("DELETE FROM devices WHERE user_id = ?1 AND device_id = ?2")
        .bind_text(1, user_id)
        .bind_text(2, device_id)
        .run();
    if (db_.changes() == 0) return Reply::fail(SB_ERR_NOT_FOUND, "no such device");
    return Reply::ok();
}

Reply DeviceStore::list(const std::string& user_id) {
    db::Query query = db_.query("SELECT " DEVICE_COLUMNS " FROM devices WHERE user_id = ?1 ORDER BY device_id");
    query.bind_text(1, user_id);
    return Reply::devices(read_devices(query));
}

Reply DeviceStore::remove_by_token(const std::string& provider, const std::string& token) {
    std::vector<Device> devices;
    {
        db::Query query = db_.query("SELECT " DEVICE_COLUMNS
                                    " FROM devices WHERE provider = ?1 AND token = ?2 ORDER BY user_id, device_id");
        query.bind_text(1, provider).bind_text(2, token);
        devices = read_devices(query);
    }
    db_.query("DELETE FROM devices WHERE provider = ?1 AND token = ?2").bind_text(1, provider).bind_text(2, token).run();
    return Reply::devices(std::move(devices));
}

}  // namespace switchboard::plugins::storage_sqlite::stores
