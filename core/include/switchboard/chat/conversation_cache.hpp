#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "switchboard/chat/cached_conversation.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::chat {

// Conversations by id, loaded from storage on first use and kept up to date
// by the kernel (the only writer). Concurrent misses for one id share one
// storage read. Bounded: beyond `capacity` entries the oldest are dropped.
// Kernel-thread only.
class ConversationCache {
public:
    using Entry = std::shared_ptr<CachedConversation>;
    // status SB_OK with the entry, or the storage status (SB_ERR_NOT_FOUND…) with null.
    using Callback = std::function<void(sb_status, const Entry&)>;

    ConversationCache(storage::StorageClient& storage, size_t capacity) : storage_(storage), capacity_(capacity) {}

    void get(const std::string& conversation_id, Callback callback);
    // Replaces the cached copy with what storage returned after a change.
    Entry put(const storage::Conversation& conversation);
    void note_seq(const std::string& conversation_id, uint64_t seq);

private:
    void insert(const std::string& id, Entry entry);

    storage::StorageClient& storage_;
    size_t capacity_;
    std::unordered_map<std::string, Entry> entries_;
    std::vector<std::string> insertion_order_;
    size_t order_head_ = 0;
    std::unordered_map<std::string, std::vector<Callback>> loading_;
};

}  // namespace switchboard::chat
