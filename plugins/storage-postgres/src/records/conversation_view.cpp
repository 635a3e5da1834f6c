#include "records/conversation_view.hpp"

#include "switchboard/sdk/host.hpp"

namespace switchboard::plugins::storage_postgres::records {

using sdk::to_sb;

ConversationView::ConversationView(const Conversation& conversation) {
    members_.reserve(conversation.members.size());
    for (const Member& m : conversation.members) members_.push_back(m.to_c());
    c_.struct_size = sizeof(c_);
    c_.conversation_id = to_sb(conversation.conversation_id);
    c_.type = to_sb(conversation.type);
    c_.title = to_sb(conversation.title);
    c_.created_by = to_sb(conversation.created_by);
    c_.created_at = conversation.created_at;
    c_.last_seq = conversation.last_seq;
    c_.members = members_.data();
    c_.member_count = members_.size();
}

}  // namespace switchboard::plugins::storage_postgres::records
