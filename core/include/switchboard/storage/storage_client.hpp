#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "switchboard/storage.h"
#include "switchboard/storage/records.hpp"
#include "switchboard/storage/storage_result.hpp"

namespace switchboard::storage {

// The kernel's typed, callback-based face of a storage plugin. Each call hands
// the request to the plugin (which never blocks), copies the borrowed result
// on the plugin's thread and runs `callback` through `post` — the kernel
// loop — so domain code never sees another thread.
class StorageClient {
public:
    using Post = std::function<void(std::function<void()>)>;

    StorageClient(const sb_storage_vtable& vtable, void* instance, Post post);

    void user_create(const User& user, StorageCallback<Unit> callback);
    void user_ensure(const User& user, StorageCallback<User> callback);
    void user_get(const std::string& user_id, StorageCallback<User> callback);
    void user_get_by_username(const std::string& username, StorageCallback<User> callback);
    void user_search(const std::string& query, uint32_t limit, StorageCallback<std::vector<User>> callback);
    void user_update(const std::string& user_id, const std::string* display_name, const std::string* password_hash,
                     StorageCallback<User> callback);
    void user_touch(const std::string& user_id, int64_t last_seen_at, StorageCallback<Unit> callback);

    void refresh_insert(const RefreshToken& token, StorageCallback<Unit> callback);
    void refresh_rotate(const std::string& old_hash, int64_t now, const RefreshToken& replacement,
                        StorageCallback<RefreshToken> callback);
    void refresh_revoke(const std::string& token_hash, StorageCallback<Unit> callback);
    void refresh_revoke_user(const std::string& user_id, StorageCallback<Unit> callback);

    void device_upsert(const Device& device, StorageCallback<Unit> callback);
    void device_delete(const std::string& user_id, const std::string& device_id, StorageCallback<Unit> callback);
    void device_list(const std::string& user_id, StorageCallback<std::vector<Device>> callback);

    void conversation_create(const Conversation& conversation, const std::string& direct_key,
                             StorageCallback<Conversation> callback);
    void conversation_get(const std::string& conversation_id, StorageCallback<Conversation> callback);
    void conversation_list(const std::string& user_id, StorageCallback<std::vector<ConversationSummary>> callback);
    void conversation_update(const std::string& conversation_id, const std::string& title,
                             StorageCallback<Conversation> callback);
    void members_upsert(const std::string& conversation_id, const std::vector<Member>& members,
                        StorageCallback<Conversation> callback);
    void member_remove(const std::string& conversation_id, const std::string& user_id,
                       StorageCallback<Conversation> callback);

    void message_append(const Message& message, StorageCallback<AppendResult> callback);
    // The same, inserting `notify` into the outbox in the append's transaction
    // (each entry's seq becomes the message's); nothing for a duplicate.
    void message_append(const Message& message, const std::vector<OutboxEntry>& notify,
                        StorageCallback<AppendResult> callback);
    void message_history(const std::string& conversation_id, uint64_t after_seq, uint64_t before_seq, uint32_t limit,
                         StorageCallback<std::vector<Message>> callback);
    void message_get(const std::string& conversation_id, uint64_t seq, StorageCallback<Message> callback);
    void message_edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                      const std::string* extra_json, int64_t edited_at, StorageCallback<Message> callback);
    void message_delete(const std::string& conversation_id, uint64_t seq, int64_t deleted_at,
                        StorageCallback<Message> callback);
    void reaction_set(const std::string& conversation_id, uint64_t seq, const std::string& user_id,
                      const std::string& emoji, bool add, int64_t created_at, StorageCallback<Message> callback);
    void receipt_set(const std::string& conversation_id, const std::string& user_id, sb_receipt_kind kind,
                     uint64_t seq, StorageCallback<ReceiptState> callback);

    void block_set(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at,
                   StorageCallback<Unit> callback);
    void block_list(const std::string& user_id, StorageCallback<std::vector<std::string>> callback);
    void report_create(const Report& report, StorageCallback<Unit> callback);

    // Attachments (ABI 1.1): only when the plugin has them; otherwise these
    // answer SB_ERR_UNAVAILABLE, and message_append refuses attachments.
    bool supports_attachments() const noexcept { return vtable_.attachment_create && vtable_.attachment_get; }
    void attachment_create(const Attachment& attachment, StorageCallback<Unit> callback);
    // With a non-empty reader_id: SB_ERR_FORBIDDEN unless that user may read it.
    void attachment_get(const std::string& attachment_id, const std::string& reader_id,
                        StorageCallback<Attachment> callback);

    // The call history (ABI 1.2): only when the plugin has it; otherwise these
    // answer SB_ERR_UNAVAILABLE.
    bool supports_calls() const noexcept {
        return vtable_.call_create && vtable_.call_finish && vtable_.call_history && vtable_.call_finish_unfinished;
    }
    void call_create(const CallRecord& call, StorageCallback<Unit> callback);
    void call_finish(const std::string& call_id, const std::string& outcome, const std::string& end_reason,
                     int64_t answered_at, int64_t ended_at, StorageCallback<Unit> callback);
    // The calls `user_id` made or received, newest first; before > 0: started before it.
    void call_history(const std::string& user_id, int64_t before, uint32_t limit,
                      StorageCallback<std::vector<CallRecord>> callback);
    void call_finish_unfinished(const std::string& outcome, const std::string& end_reason, int64_t ended_at,
                                StorageCallback<std::vector<CallRecord>> callback);
    // The push outbox, notification settings and dead devices (ABI 1.3):
    // only when the plugin has them; otherwise these answer
    // SB_ERR_UNAVAILABLE and message_append ignores its notify entries.
    bool supports_outbox() const noexcept {
        return vtable_.outbox_write && vtable_.outbox_claim && vtable_.outbox_reschedule && vtable_.notify_setting_set &&
               vtable_.notify_setting_get && vtable_.device_delete_by_token;
    }
    void outbox_write(const std::vector<OutboxEntry>& inserts, const std::vector<std::string>& delete_ids,
                      StorageCallback<Unit> callback);
    void outbox_claim(int64_t now, int64_t lease_until, uint32_t limit,
                      StorageCallback<std::vector<OutboxEntry>> callback);
    void outbox_reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts,
                           StorageCallback<Unit> callback);
    void notify_setting_set(const NotifySetting& setting, StorageCallback<Unit> callback);
    void notify_setting_get(const std::string& user_id, const std::string& conversation_id,
                            StorageCallback<NotifySetting> callback);
    // Deletes every device registered with that provider's token; answers the deleted ones.
    void device_delete_by_token(const std::string& provider, const std::string& token,
                                StorageCallback<std::vector<Device>> callback);
    // What a push about message `seq` needs to know of its recipient
    // (SB_ERR_NOT_FOUND: not a member). With a plugin without push_context
    // (ABI 1.4) it is put together from notify_setting_get,
    // conversation_list and, unless the list's last message is that one,
    // message_get.
    void push_context(const std::string& user_id, const std::string& conversation_id, uint64_t seq,
                      StorageCallback<PushContext> callback);

    // Operations handed to the plugin whose callback has not run yet.
    int64_t in_flight() const noexcept { return in_flight_.load(std::memory_order_relaxed); }

private:
    void push_context_from_list(const std::string& user_id, const std::string& conversation_id, uint64_t seq,
                                StorageCallback<PushContext> callback);
    void push_context_read_state(const std::string& user_id, const std::string& conversation_id, uint64_t seq,
                                 std::optional<NotifySetting> setting, StorageCallback<PushContext> callback);

    template <class T, class Request, class Fn>
    void invoke(Fn fn, const Request& request, StorageCallback<T> callback);
    template <class T>
    void refuse(sb_status status, std::string error, StorageCallback<T> callback);

    sb_storage_vtable vtable_;
    void* instance_;
    Post post_;
    std::atomic<int64_t> in_flight_{0};
};

}  // namespace switchboard::storage
