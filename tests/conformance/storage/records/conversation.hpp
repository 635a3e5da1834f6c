#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "records/member.hpp"
#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/storage.h"

namespace switchboard::conformance::storage::records {

struct Conversation {
    std::string conversation_id;
    std::string type;
    std::string title;
    std::string created_by;
    int64_t created_at = 0;
    uint64_t last_seq = 0;
    std::vector<Member> members;

    static Conversation from(const sb_conversation& borrowed) {
        sb_conversation c = sdk::read_record(borrowed);
        Conversation conversation{std::string(sdk::to_view(c.conversation_id)),
                                  std::string(sdk::to_view(c.type)),
                                  std::string(sdk::to_view(c.title)),
                                  std::string(sdk::to_view(c.created_by)),
                                  c.created_at,
                                  c.last_seq,
                                  {}};
        for (size_t i = 0; i < c.member_count; ++i)
            conversation.members.push_back(Member::from(sdk::read_element(c.members, i)));
        return conversation;
    }
    // `member_storage` receives the member array the result points to.
    sb_conversation to_c(std::vector<sb_member>& member_storage) const {
        member_storage.clear();
        for (const Member& m : members) member_storage.push_back(m.to_c());
        return sb_conversation{sizeof(sb_conversation),
                               sdk::to_sb(conversation_id),
                               sdk::to_sb(type),
                               sdk::to_sb(title),
                               sdk::to_sb(created_by),
                               created_at,
                               last_seq,
                               member_storage.data(),
                               member_storage.size()};
    }
    std::optional<Member> member(const std::string& user_id) const {
        for (const Member& m : members)
            if (m.user_id == user_id) return m;
        return std::nullopt;
    }
};

}  // namespace switchboard::conformance::storage::records
