#pragma once

#include <cstdint>
#include <string>

#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct Device {
    std::string user_id;
    std::string device_id;
    std::string provider;
    std::string token;
    std::string extra_json;
    int64_t updated_at = 0;

    static Device from(const sb_device& c);
    sb_device to_c() const;
};

}  // namespace switchboard::plugins::storage_postgres::records
