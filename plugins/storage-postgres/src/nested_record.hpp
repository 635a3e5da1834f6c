#pragma once

#include <string>

#include "switchboard/sdk/error.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::plugins::storage_postgres {

// A record a request points to (requests nest records by pointer), read
// version-tolerantly; a missing one is the caller's mistake.
template <class Record>
Record nested_record(const Record* record, const char* field) {
    if (record == nullptr)
        throw sdk::Error(SB_ERR_BAD_REQUEST, std::string("storage.postgres: request field '") + field + "' is NULL");
    return sdk::read_record(*record);
}

}  // namespace switchboard::plugins::storage_postgres
