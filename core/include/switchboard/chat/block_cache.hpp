#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "switchboard/storage/storage_client.hpp"

namespace switchboard::chat {

// Who blocks whom, loaded per user from storage on first use and updated by
// the kernel on block/unblock. Kernel-thread only.
class BlockCache {
public:
    explicit BlockCache(storage::StorageClient& storage) : storage_(storage) {}

    // Calls back with true when `a` blocks `b` or `b` blocks `a` (false also
    // when storage could not say: a blocked message is a lesser harm than no chat).
    void either_blocks(const std::string& a, const std::string& b, std::function<void(bool)> callback);
    // The users `user_id` blocks.
    void blocked_by(const std::string& user_id, std::function<void(const std::unordered_set<std::string>&)> callback);
    void set(const std::string& user_id, const std::string& target_id, bool blocked);

private:
    using Set = std::unordered_set<std::string>;
    std::unordered_map<std::string, std::shared_ptr<Set>> lists_;
    std::unordered_map<std::string, std::vector<std::function<void(const Set&)>>> loading_;
    storage::StorageClient& storage_;
};

}  // namespace switchboard::chat
