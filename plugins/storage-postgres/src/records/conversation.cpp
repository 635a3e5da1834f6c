#include "records/conversation.hpp"

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_view;

Conversation Conversation::from(const sb_conversation& c) {
    Conversation conversation;
    conversation.conversation_id = to_view(c.conversation_id);
    conversation.type = to_view(c.type);
    conversation.title = to_view(c.title);
    conversation.created_by = to_view(c.created_by);
    conversation.created_at = c.created_at;
    if (c.members != nullptr) {
        conversation.members.reserve(c.member_count);
        for (size_t i = 0; i < c.member_count; ++i)
            conversation.members.push_back(Member::from(sdk::read_element(c.members, i)));
    }
    return conversation;
}

}  // namespace switchboard::plugins::storage_postgres::records
