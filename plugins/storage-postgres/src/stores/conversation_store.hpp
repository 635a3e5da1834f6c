#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/member.hpp"
#include "switchboard/sdk/storage/reply.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Conversations and their members (sb_storage_vtable conversation_*, member*).
class ConversationStore {
public:
    explicit ConversationStore(db::Connection& db) : db_(db) {}

    // A non-empty direct_key that exists returns the existing conversation.
    sdk::storage::Reply create(const sdk::storage::Conversation& conversation, const std::string& direct_key);
    sdk::storage::Reply get(const std::string& conversation_id);
    // The user's conversations, most recent activity first.
    sdk::storage::Reply list_for(const std::string& user_id);
    sdk::storage::Reply update_title(const std::string& conversation_id, const std::string& title);
    sdk::storage::Reply upsert_members(const std::string& conversation_id, const std::vector<sdk::storage::Member>& members);
    sdk::storage::Reply remove_member(const std::string& conversation_id, const std::string& user_id);

private:
    std::optional<sdk::storage::Conversation> load(const std::string& conversation_id);
    // FOR UPDATE: membership changes of one conversation apply one after the other.
    std::optional<uint64_t> last_seq(const std::string& conversation_id);
    // Adds the member, or changes the role of an existing one.
    void upsert_member(const std::string& conversation_id, const sdk::storage::Member& member, uint64_t last_seq);
    sdk::storage::Reply reply_with(const std::string& conversation_id);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
