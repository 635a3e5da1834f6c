#include "switchboard/chat/conversation_cache.hpp"

namespace switchboard::chat {

void ConversationCache::get(const std::string& conversation_id, Callback callback) {
    if (auto it = entries_.find(conversation_id); it != entries_.end()) {
        callback(SB_OK, it->second);
        return;
    }
    auto [it, first] = loading_.try_emplace(conversation_id);
    it->second.push_back(std::move(callback));
    if (!first) return;
    storage_.conversation_get(conversation_id, [this, conversation_id](storage::StorageResult<storage::Conversation> r) {
        auto waiting = std::move(loading_[conversation_id]);
        loading_.erase(conversation_id);
        Entry entry;
        if (r.ok()) {
            // A change may have been cached while the read was under way; it wins.
            if (auto it = entries_.find(conversation_id); it != entries_.end()) entry = it->second;
            else entry = put(r.value);
        }
        for (auto& cb : waiting) cb(r.status, entry);
    });
}

ConversationCache::Entry ConversationCache::put(const storage::Conversation& conversation) {
    auto it = entries_.find(conversation.conversation_id);
    if (it != entries_.end()) {
        uint64_t known_seq = it->second->conversation.last_seq;
        it->second->conversation = conversation;
        if (known_seq > conversation.last_seq) it->second->conversation.last_seq = known_seq;
        return it->second;
    }
    auto entry = std::make_shared<CachedConversation>(CachedConversation{conversation});
    insert(conversation.conversation_id, entry);
    return entry;
}

void ConversationCache::note_seq(const std::string& conversation_id, uint64_t seq) {
    if (auto it = entries_.find(conversation_id); it != entries_.end() && it->second->conversation.last_seq < seq)
        it->second->conversation.last_seq = seq;
}

void ConversationCache::insert(const std::string& id, Entry entry) {
    while (entries_.size() >= capacity_ && order_head_ < insertion_order_.size())
        entries_.erase(insertion_order_[order_head_++]);
    if (order_head_ > insertion_order_.size() / 2 && order_head_ > 1024) {
        insertion_order_.erase(insertion_order_.begin(), insertion_order_.begin() + static_cast<long>(order_head_));
        order_head_ = 0;
    }
    entries_[id] = std::move(entry);
    insertion_order_.push_back(id);
}

}  // namespace switchboard::chat
