#pragma once

#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct AppendResult {
    sdk::storage::Message message;
    bool duplicate = false;

    static AppendResult from(const sb_message_append_result& borrowed) {
        sb_message_append_result c = sdk::read_record(borrowed);
        AppendResult result;
        if (c.message) result.message = sdk::storage::Message::from(*c.message);
        result.duplicate = c.duplicate != 0;
        return result;
    }
};

}  // namespace switchboard::conformance::storage::records
