#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "records/attachment.hpp"
#include "records/reaction.hpp"
#include "switchboard/storage.h"

namespace switchboard::plugins::storage_postgres::records {

struct Message {
    std::string conversation_id;
    std::string message_id;
    uint64_t seq = 0;
    std::string sender_id;
    std::string client_msg_id;
    std::string body;
    std::string extra_json;
    uint64_t reply_to_seq = 0;
    int64_t sent_at = 0;
    int64_t edited_at = 0;
    int64_t deleted_at = 0;
    std::vector<Reaction> reactions;
    std::vector<Attachment> attachments;

    // Copies what message_append stores (attachments by id only); seq, edits,
    // deletion and reactions belong to storage and are left at zero.
    static Message from_append(const sb_message& c);
};

}  // namespace switchboard::plugins::storage_postgres::records
