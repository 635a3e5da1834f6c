#pragma once

#include <cstdint>

#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct Receipt {
    uint64_t delivered_seq = 0;
    uint64_t read_seq = 0;
    bool changed = false;

    static Receipt from(const sb_receipt_result& borrowed) {
        sb_receipt_result c = sdk::read_record(borrowed);
        return Receipt{c.delivered_seq, c.read_seq, c.changed != 0};
    }
};

}  // namespace switchboard::conformance::storage::records
