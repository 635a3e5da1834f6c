#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "outcome.hpp"
#include "records/append_result.hpp"
#include "records/receipt.hpp"
#include "switchboard/sdk/storage/attachment.hpp"
#include "switchboard/sdk/storage/call_record.hpp"
#include "switchboard/sdk/storage/conversation.hpp"
#include "switchboard/sdk/storage/conversation_summary.hpp"
#include "switchboard/sdk/storage/device.hpp"
#include "switchboard/sdk/storage/member.hpp"
#include "switchboard/sdk/storage/message.hpp"
#include "switchboard/sdk/storage/notify_setting.hpp"
#include "switchboard/sdk/storage/outbox_entry.hpp"
#include "switchboard/sdk/storage/push_context.hpp"
#include "switchboard/sdk/storage/refresh_token.hpp"
#include "switchboard/sdk/storage/report.hpp"
#include "switchboard/sdk/storage/user.hpp"
#include "switchboard/storage.h"
#include "typed_call.hpp"

namespace switchboard::conformance::storage {

// Calls a storage plugin's vtable the way the kernel does and waits (bounded)
// for each done, copying its result. Keeps every call so a test can check
// that each accepted call completed exactly once and no rejected one did.
class StorageClient {
public:
    static constexpr std::chrono::seconds kTimeout{20};

    StorageClient(const sb_storage_vtable* vtable, void* instance) : vtable_(vtable), instance_(instance) {}

    Outcome<Nothing> user_create(const sdk::storage::User& user);
    Outcome<sdk::storage::User> user_ensure(const sdk::storage::User& user);
    Outcome<sdk::storage::User> user_get(const std::string& user_id);
    Outcome<sdk::storage::User> user_get_by_username(const std::string& username);
    Outcome<std::vector<sdk::storage::User>> user_search(const std::string& query, uint32_t limit);
    Outcome<sdk::storage::User> user_update(const std::string& user_id, const std::optional<std::string>& display_name,
                                       const std::optional<std::string>& password_hash);
    Outcome<Nothing> user_touch(const std::string& user_id, int64_t last_seen_at);

    Outcome<Nothing> refresh_insert(const sdk::storage::RefreshToken& token);
    Outcome<sdk::storage::RefreshToken> refresh_rotate(const std::string& old_hash, int64_t now,
                                                  const sdk::storage::RefreshToken& replacement);
    Outcome<Nothing> refresh_revoke(const std::string& token_hash);
    Outcome<Nothing> refresh_revoke_user(const std::string& user_id);

    Outcome<Nothing> device_upsert(const sdk::storage::Device& device);
    Outcome<Nothing> device_delete(const std::string& user_id, const std::string& device_id);
    Outcome<std::vector<sdk::storage::Device>> device_list(const std::string& user_id);

    Outcome<sdk::storage::Conversation> conversation_create(const sdk::storage::Conversation& conversation,
                                                       const std::string& direct_key);
    Outcome<sdk::storage::Conversation> conversation_get(const std::string& conversation_id);
    Outcome<std::vector<sdk::storage::ConversationSummary>> conversation_list(const std::string& user_id);
    Outcome<sdk::storage::Conversation> conversation_update(const std::string& conversation_id, const std::string& title);
    Outcome<sdk::storage::Conversation> members_upsert(const std::string& conversation_id,
                                                  const std::vector<sdk::storage::Member>& members);
    Outcome<sdk::storage::Conversation> member_remove(const std::string& conversation_id, const std::string& user_id);

    Outcome<records::AppendResult> message_append(const sdk::storage::Message& message);
    // Issues the append and returns at once; wait on the call for its outcome.
    std::shared_ptr<TypedCall<records::AppendResult>> message_append_async(const sdk::storage::Message& message);
    Outcome<std::vector<sdk::storage::Message>> message_history(const std::string& conversation_id, uint64_t after_seq,
                                                           uint64_t before_seq, uint32_t limit);
    Outcome<sdk::storage::Message> message_get(const std::string& conversation_id, uint64_t seq);
    Outcome<sdk::storage::Message> message_edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                                           const std::optional<std::string>& extra_json, int64_t edited_at);
    Outcome<sdk::storage::Message> message_delete(const std::string& conversation_id, uint64_t seq, int64_t deleted_at);
    Outcome<sdk::storage::Message> reaction_set(const std::string& conversation_id, uint64_t seq, const std::string& user_id,
                                           const std::string& emoji, bool add, int64_t created_at);
    Outcome<records::Receipt> receipt_set(const std::string& conversation_id, const std::string& user_id,
                                          sb_receipt_kind kind, uint64_t seq);

    Outcome<Nothing> block_set(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at);
    Outcome<std::vector<std::string>> block_list(const std::string& user_id);
    Outcome<Nothing> report_create(const sdk::storage::Report& report);

    // ABI 1.1: only for plugins that have the attachment operations.
    bool has_attachments() const { return vtable_->attachment_create && vtable_->attachment_get; }
    Outcome<Nothing> attachment_create(const sdk::storage::Attachment& attachment);
    Outcome<sdk::storage::Attachment> attachment_get(const std::string& attachment_id, const std::string& reader_id);

    // ABI 1.2: only for plugins that have the call history operations.
    bool has_calls() const {
        return vtable_->call_create && vtable_->call_finish && vtable_->call_history && vtable_->call_finish_unfinished;
    }
    Outcome<Nothing> call_create(const sdk::storage::CallRecord& call);
    Outcome<Nothing> call_finish(const std::string& call_id, const std::string& outcome, const std::string& end_reason,
                                 int64_t answered_at, int64_t ended_at);
    Outcome<std::vector<sdk::storage::CallRecord>> call_history(const std::string& user_id, int64_t before, uint32_t limit);
    Outcome<std::vector<sdk::storage::CallRecord>> call_finish_unfinished(const std::string& outcome,
                                                                     const std::string& end_reason, int64_t ended_at);

    // ABI 1.3: only for plugins that have the push outbox operations.
    bool has_outbox() const {
        return vtable_->outbox_write && vtable_->outbox_claim && vtable_->outbox_reschedule &&
               vtable_->notify_setting_set && vtable_->notify_setting_get && vtable_->device_delete_by_token;
    }
    // message_append with outbox entries queued in its transaction.
    Outcome<records::AppendResult> message_append(const sdk::storage::Message& message,
                                                  const std::vector<sdk::storage::OutboxEntry>& notify);
    Outcome<Nothing> outbox_write(const std::vector<sdk::storage::OutboxEntry>& inserts,
                                  const std::vector<std::string>& delete_ids);
    Outcome<std::vector<sdk::storage::OutboxEntry>> outbox_claim(int64_t now, int64_t lease_until, uint32_t limit);
    Outcome<Nothing> outbox_reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts);
    Outcome<Nothing> notify_setting_set(const sdk::storage::NotifySetting& setting);
    Outcome<sdk::storage::NotifySetting> notify_setting_get(const std::string& user_id,
                                                            const std::string& conversation_id);
    Outcome<std::vector<sdk::storage::Device>> device_delete_by_token(const std::string& provider,
                                                                      const std::string& token);
    // ABI 1.4: only for plugins that have push_context.
    bool has_push_context() const { return vtable_->push_context != nullptr; }
    Outcome<sdk::storage::PushContext> push_context(const std::string& user_id, const std::string& conversation_id,
                                                    uint64_t seq);

    // Every accepted call's done ran exactly once, no rejected call's did.
    ::testing::AssertionResult every_done_called_once() const;
    size_t call_count() const;

    // Waits for an issued call.
    template <class T>
    static Outcome<T> finish(const std::shared_ptr<TypedCall<T>>& call) {
        if (!call->accepted()) {
            Outcome<T> rejected;
            rejected.status = call->returned();
            rejected.error = std::string(call->op()) + " was rejected";
            return rejected;
        }
        if (!call->wait(kTimeout)) {
            Outcome<T> timed_out;
            timed_out.status = SB_ERR_INTERNAL;
            timed_out.error = std::string(call->op()) + ": done was not called within the timeout";
            return timed_out;
        }
        return call->outcome();
    }

private:
    template <class Request>
    using Function = sb_status (*)(void*, const Request*, sb_storage_done, void*);

    template <class T, class Request>
    std::shared_ptr<TypedCall<T>> issue(const char* op, Function<Request> function, const Request& request,
                                        typename TypedCall<T>::Convert convert) {
        auto call = std::make_shared<TypedCall<T>>(op, convert);
        {
            std::lock_guard lock(mutex_);
            calls_.push_back(call);
        }
        call->set_returned(function(instance_, &request, &PendingCall::on_done, call.get()));
        return call;
    }

    template <class T, class Request>
    Outcome<T> call(const char* op, Function<Request> function, const Request& request,
                    typename TypedCall<T>::Convert convert = nullptr) {
        return finish(issue<T, Request>(op, function, request, convert));
    }

    const sb_storage_vtable* vtable_;
    void* instance_;
    mutable std::mutex mutex_;
    std::vector<std::shared_ptr<PendingCall>> calls_;
};

}  // namespace switchboard::conformance::storage
