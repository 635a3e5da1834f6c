#pragma once

#include <cstdint>
#include <string>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct Device {
    std::string user_id;
    std::string device_id;
    std::string provider;
    std::string token;
    std::string extra_json;
    int64_t updated_at = 0;

    static Device from(const sb_device& borrowed) {
        sb_device c = sdk::read_record(borrowed);
        return Device{std::string(sdk::to_view(c.user_id)),    std::string(sdk::to_view(c.device_id)),
                      std::string(sdk::to_view(c.provider)),   std::string(sdk::to_view(c.token)),
                      std::string(sdk::to_view(c.extra_json)), c.updated_at};
    }
    sb_device to_c() const {
        return sb_device{
            sizeof(sb_device),      sdk::to_sb(user_id), sdk::to_sb(device_id), sdk::to_sb(provider), sdk::to_sb(token),
            sdk::to_sb(extra_json), updated_at};
    }
    bool operator==(const Device&) const = default;
};

}  // namespace switchboard::conformance::storage::records
