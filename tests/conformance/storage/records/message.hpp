#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "records/attachment.hpp"
#include "records/reaction.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

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

    static Message from(const sb_message& borrowed) {
        sb_message c = sdk::read_record(borrowed);
        Message m;
        m.conversation_id = sdk::to_view(c.conversation_id);
        m.message_id = sdk::to_view(c.message_id);
        m.seq = c.seq;
        m.sender_id = sdk::to_view(c.sender_id);
        m.client_msg_id = sdk::to_view(c.client_msg_id);
        m.body = sdk::to_view(c.body);
        m.extra_json = sdk::to_view(c.extra_json);
        m.reply_to_seq = c.reply_to_seq;
        m.sent_at = c.sent_at;
        m.edited_at = c.edited_at;
        m.deleted_at = c.deleted_at;
        for (size_t i = 0; i < c.reaction_count; ++i)
            m.reactions.push_back(Reaction::from(sdk::read_element(c.reactions, i)));
        for (size_t i = 0; c.attachments && i < c.attachment_count; ++i)
            m.attachments.push_back(Attachment::from(sdk::read_element(c.attachments, i)));
        return m;
    }
    // The fields message_append reads; reactions and attachments are not
    // sent (StorageClient::message_append adds the attachments).
    sb_message to_c() const {
        sb_message c{};
        c.struct_size = sizeof(c);
        c.conversation_id = sdk::to_sb(conversation_id);
        c.message_id = sdk::to_sb(message_id);
        c.seq = seq;
        c.sender_id = sdk::to_sb(sender_id);
        c.client_msg_id = sdk::to_sb(client_msg_id);
        c.body = sdk::to_sb(body);
        c.extra_json = sdk::to_sb(extra_json);
        c.reply_to_seq = reply_to_seq;
        c.sent_at = sent_at;
        c.edited_at = edited_at;
        c.deleted_at = deleted_at;
        return c;
    }
    bool operator==(const Message&) const = default;
};

}  // namespace switchboard::conformance::storage::records
