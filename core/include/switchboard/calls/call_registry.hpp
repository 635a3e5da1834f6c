#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "switchboard/calls/active_call.hpp"

namespace switchboard::calls {

// The live calls, by id and by user (caller or callee). Kernel-thread only.
class CallRegistry {
public:
    using Entry = std::shared_ptr<ActiveCall>;

    void add(Entry call);
    void remove(const std::string& call_id);
    Entry find(const std::string& call_id) const;
    std::vector<Entry> calls_of(const std::string& user_id) const;
    std::vector<Entry> all() const;
    size_t size() const noexcept { return by_id_.size(); }

    // In a call: the caller of a live call, or the callee who accepted one.
    bool busy(const std::string& user_id) const;
    // The unanswered call `caller_id` placed to `callee_id` in the conversation, or null.
    Entry unanswered(const std::string& caller_id, const std::string& callee_id,
                     const std::string& conversation_id) const;

private:
    std::unordered_map<std::string, Entry> by_id_;
    std::unordered_map<std::string, std::unordered_set<std::string>> by_user_;  // user -> call ids
};

}  // namespace switchboard::calls
