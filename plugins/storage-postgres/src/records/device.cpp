#include "records/device.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;
using sdk::to_view;

Device Device::from(const sb_device& c) {
    return Device{std::string(to_view(c.user_id)), std::string(to_view(c.device_id)),  std::string(to_view(c.provider)),
                  std::string(to_view(c.token)),   std::string(to_view(c.extra_json)), c.updated_at};
}

sb_device Device::to_c() const {
    sb_device c{};
    c.struct_size = sizeof(c);
    c.user_id = to_sb(user_id);
    c.device_id = to_sb(device_id);
    c.provider = to_sb(provider);
    c.token = to_sb(token);
    c.extra_json = to_sb(extra_json);
    c.updated_at = updated_at;
    return c;
}

}  // namespace switchboard::plugins::storage_postgres::records
