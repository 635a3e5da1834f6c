// Switchboard C++ plugin SDK (header-only) storage kit: a push device, owned.
#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

struct Device {
    std::string user_id;
    std::string device_id;
    std::string provider;
    std::string token;
    std::string extra_json;
    int64_t updated_at = 0;

    // Copies `borrowed`, read version-tolerantly.
    static Device from(const sb_device& borrowed) {
        sb_device c = read_record(borrowed);
        return Device{std::string(to_view(c.user_id)), std::string(to_view(c.device_id)),  std::string(to_view(c.provider)),
                      std::string(to_view(c.token)),   std::string(to_view(c.extra_json)), c.updated_at};
    }
    // A view borrowing this object's strings.
    sb_device to_c() const {
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
    bool operator==(const Device&) const = default;
};

}  // namespace switchboard::sdk::storage
