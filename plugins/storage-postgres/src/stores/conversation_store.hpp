#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "exec/reply.hpp"
#include "records/conversation.hpp"
#include "records/member.hpp"

namespace switchboard::plugins::storage_postgres::stores {

// Conversations and their members (sb_storage_vtable conversation_*, member*).
class ConversationStore {
public:
    explicit ConversationStore(db::Connection& db) : db_(db) {}

    // A non-empty direct_key that exists returns the existing conversation.
    exec::Reply create(const records::Conversation& conversation, const std::string& direct_key);
    exec::Reply get(const std::string& conversation_id);
    // The user's conversations, most recent activity first.
    exec::Reply list_for(const std::string& user_id);
    exec::Reply update_title(const std::string& conversation_id, const std::string& title);
    exec::Reply upsert_members(const std::string& conversation_id, const std::vector<records::Member>& members);
    exec::Reply remove_member(const std::string& conversation_id, const std::string& user_id);

private:
    std::optional<records::Conversation> load(const std::string& conversation_id);
    // FOR UPDATE: membership changes of one conversation apply one after the other.
    std::optional<uint64_t> last_seq(const std::string& conversation_id);
    // Adds the member, or changes the role of an existing one.
    void upsert_member(const std::string& conversation_id, const records::Member& member, uint64_t last_seq);
    exec::Reply reply_with(const std::string& conversation_id);

    db::Connection& db_;
};

}  // namespace switchboard::plugins::storage_postgres::stores
