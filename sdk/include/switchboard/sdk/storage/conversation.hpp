// Switchboard C++ plugin SDK (header-only) storage kit: a conversation with its members, owned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/member.hpp"
#include "switchboard/storage.h"

namespace switchboard::sdk::storage {

// Its sb_conversation, with the member array, is a ConversationView.
struct Conversation {
    std::string conversation_id;
    std::string type;
    std::string title;
    std::string created_by;
    int64_t created_at = 0;
    uint64_t last_seq = 0;
    std::vector<Member> members;

    // Copies `borrowed`, read version-tolerantly, with its members.
    static Conversation from(const sb_conversation& borrowed) {
        sb_conversation c = read_record(borrowed);
        Conversation conversation{std::string(to_view(c.conversation_id)),
                                  std::string(to_view(c.type)),
                                  std::string(to_view(c.title)),
                                  std::string(to_view(c.created_by)),
                                  c.created_at,
                                  c.last_seq,
                                  {}};
        if (c.members != nullptr) {
            conversation.members.reserve(c.member_count);
            for (size_t i = 0; i < c.member_count; ++i)
                conversation.members.push_back(Member::from(read_element(c.members, i)));
        }
        return conversation;
    }

    std::optional<Member> member(const std::string& user_id) const {
        for (const Member& m : members)
            if (m.user_id == user_id) return m;
        return std::nullopt;
    }
    bool operator==(const Conversation&) const = default;
};

}  // namespace switchboard::sdk::storage
