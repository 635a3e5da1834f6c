#include "records/message.hpp"

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_view;

Message Message::from_append(const sb_message& c) {
    Message m;
    m.conversation_id = to_view(c.conversation_id);
    m.message_id = to_view(c.message_id);
    m.sender_id = to_view(c.sender_id);
    m.client_msg_id = to_view(c.client_msg_id);
    m.body = to_view(c.body);
    m.extra_json = to_view(c.extra_json);
    m.reply_to_seq = c.reply_to_seq;
    m.sent_at = c.sent_at;
    if (c.attachments != nullptr)
        for (size_t i = 0; i < c.attachment_count; ++i) {
            Attachment a;
            a.attachment_id = to_view(sdk::read_element(c.attachments, i).attachment_id);
            m.attachments.push_back(std::move(a));
        }
    return m;
}

}  // namespace switchboard::plugins::storage_postgres::records
