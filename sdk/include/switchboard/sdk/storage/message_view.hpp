// Switchboard C++ plugin SDK (header-only) storage kit: the sb_message of a Message.
#pragma once

#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

// An sb_message over a Message, with the reaction and attachment arrays it points to.
// Borrows the Message's strings: keep the Message alive as long as this.
class MessageView {
public:
    explicit MessageView(const Message& m) {
        reactions_.reserve(m.reactions.size());
        for (const Reaction& r : m.reactions) reactions_.push_back(r.to_c());
        c_.struct_size = sizeof(c_);
        c_.conversation_id = to_sb(m.conversation_id);
        c_.message_id = to_sb(m.message_id);
        c_.seq = m.seq;
        c_.sender_id = to_sb(m.sender_id);
        c_.client_msg_id = to_sb(m.client_msg_id);
        c_.body = to_sb(m.body);
        c_.extra_json = to_sb(m.extra_json);
        c_.reply_to_seq = m.reply_to_seq;
        c_.sent_at = m.sent_at;
        c_.edited_at = m.edited_at;
        c_.deleted_at = m.deleted_at;
        c_.reactions = reactions_.data();
        c_.reaction_count = reactions_.size();
        attachments_.reserve(m.attachments.size());
        for (const Attachment& a : m.attachments) attachments_.push_back(a.to_c());
        c_.attachments = attachments_.empty() ? nullptr : attachments_.data();
        c_.attachment_count = attachments_.size();
    }
    MessageView(MessageView&&) noexcept = default;
    MessageView(const MessageView&) = delete;
    MessageView& operator=(const MessageView&) = delete;

    const sb_message& get() const noexcept { return c_; }

private:
    std::vector<sb_reaction> reactions_;  // moving keeps the buffers c_ points into
    std::vector<sb_attachment> attachments_;
    sb_message c_{};
};

}  // namespace switchboard::sdk::storage
