#include "switchboard/chat/block_cache.hpp"

#include <spdlog/spdlog.h>

namespace switchboard::chat {

void BlockCache::blocked_by(const std::string& user_id, std::function<void(const Set&)> callback) {
    if (auto it = lists_.find(user_id); it != lists_.end()) {
        callback(*it->second);
        return;
    }
    auto [it, first] = loading_.try_emplace(user_id);
    it->second.push_back(std::move(callback));
    if (!first) return;
    storage_.block_list(user_id, [this, user_id](storage::StorageResult<std::vector<std::string>> r) {
        auto waiting = std::move(loading_[user_id]);
        loading_.erase(user_id);
        auto set = std::make_shared<Set>(r.value.begin(), r.value.end());
        if (r.ok()) lists_.emplace(user_id, set);
        else spdlog::warn("block list of {} unavailable: {}", user_id, r.error);
        for (auto& cb : waiting) cb(*set);
    });
}

void BlockCache::either_blocks(const std::string& a, const std::string& b, std::function<void(bool)> callback) {
    blocked_by(a, [this, a, b, callback = std::move(callback)](const Set& blocked_by_a) {
        if (blocked_by_a.count(b)) {
            callback(true);
            return;
        }
        blocked_by(b, [a, callback](const Set& blocked_by_b) { callback(blocked_by_b.count(a) > 0); });
    });
}

void BlockCache::set(const std::string& user_id, const std::string& target_id, bool blocked) {
    auto it = lists_.find(user_id);
    if (it == lists_.end()) return;  // loaded fresh from storage on next use
    if (blocked) it->second->insert(target_id);
    else it->second->erase(target_id);
}

}  // namespace switchboard::chat
