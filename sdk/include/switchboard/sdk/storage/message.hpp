// Switchboard C++ plugin SDK (header-only) storage kit: a message with its reactions and attachments, owned.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/reaction.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

// Its sb_message, with the reaction and attachment arrays, is a MessageView.
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

    // Copies all of `borrowed` (a stored message, as a result carries it),
    // read version-tolerantly.
    static Message from(const sb_message& borrowed) {
        sb_message c = read_record(borrowed);
        Message m = copy_appended_fields(c);
        m.seq = c.seq;
        m.edited_at = c.edited_at;
        m.deleted_at = c.deleted_at;
        if (c.reactions != nullptr) {
            m.reactions.reserve(c.reaction_count);
            for (size_t i = 0; i < c.reaction_count; ++i) m.reactions.push_back(Reaction::from(read_element(c.reactions, i)));
        }
        if (c.attachments != nullptr) {
            m.attachments.reserve(c.attachment_count);
            for (size_t i = 0; i < c.attachment_count; ++i)
                m.attachments.push_back(Attachment::from(read_element(c.attachments, i)));
        }
        return m;
    }

    // Copies what message_append stores (attachments by id only); seq, edits,
    // deletion and reactions belong to storage and are left at zero.
    static Message from_append(const sb_message& borrowed) {
        sb_message c = read_record(borrowed);
        Message m = copy_appended_fields(c);
        if (c.attachments != nullptr) {
            m.attachments.reserve(c.attachment_count);
            for (size_t i = 0; i < c.attachment_count; ++i) {
                Attachment a;
                a.attachment_id = to_view(read_element(c.attachments, i).attachment_id);
                m.attachments.push_back(std::move(a));
            }
        }
        return m;
    }

    bool operator==(const Message&) const = default;

private:
    static Message copy_appended_fields(const sb_message& c) {
        Message m;
        m.conversation_id = to_view(c.conversation_id);
        m.message_id = to_view(c.message_id);
        m.sender_id = to_view(c.sender_id);
        m.client_msg_id = to_view(c.client_msg_id);
        m.body = to_view(c.body);
        m.extra_json = to_view(c.extra_json);
        m.reply_to_seq = c.reply_to_seq;
        m.sent_at = c.sent_at;
        return m;
    }
};

}  // namespace switchboard::sdk::storage
