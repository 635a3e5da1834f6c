#include "records/message_view.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;

MessageView::MessageView(const Message& m) {
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

}  // namespace switchboard::plugins::storage_postgres::records
