#pragma once

#include <functional>
#include <string>

#include "switchboard/chat/block_cache.hpp"
#include "switchboard/chat/call.hpp"
#include "switchboard/chat/chat_settings.hpp"
#include "switchboard/chat/conversation_cache.hpp"
#include "switchboard/chat/event_publisher.hpp"
#include "switchboard/metrics/family.hpp"
#include "switchboard/notify/event_notifier.hpp"
#include "switchboard/runtime/event_loop.hpp"
#include "switchboard/runtime/session_registry.hpp"
#include "switchboard/storage/storage_client.hpp"

namespace switchboard::chat {

// What every chat service works with; all of it kernel-thread only.
class ChatContext {
public:
    ChatContext(runtime::EventLoop& loop, runtime::SessionRegistry& sessions, storage::StorageClient& storage,
                ChatSettings settings);

    runtime::EventLoop& loop;
    runtime::SessionRegistry& sessions;
    storage::StorageClient& storage;
    const ChatSettings settings;
    EventPublisher publisher;
    ConversationCache conversations;
    BlockCache blocks;
    // Counts stored messages (not duplicates) when the kernel sets it.
    metrics::Family* messages_stored = nullptr;
    // Queues push notifications for events when the kernel sets it (push on).
    notify::EventNotifier* notifier = nullptr;

    // Runs `fn` with the conversation if the call's user is a member of it;
    // otherwise answers not_found or forbidden.
    void with_membership(const CallPtr& call, const std::string& conversation_id,
                         std::function<void(CachedConversation&)> fn);
    // The same, handing over the cache entry for work that outlives this call
    // (the entry stays valid even if the cache drops it meanwhile).
    void with_member_entry(const CallPtr& call, const std::string& conversation_id,
                           std::function<void(const ConversationCache::Entry&)> fn);
};

}  // namespace switchboard::chat
