#include "storage_client.hpp"

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/conversation_view.hpp"
#include "switchboard/sdk/storage/message_view.hpp"

namespace switchboard::conformance::storage {

using records::AppendResult;
using sdk::storage::Conversation;
using sdk::storage::ConversationSummary;
using sdk::storage::Device;
using sdk::storage::Member;
using sdk::storage::Message;
using records::Receipt;
using sdk::storage::RefreshToken;
using sdk::storage::User;
using sdk::to_sb;
using sdk::storage::CallRecord;

namespace {

// "NULL ptr = unchanged" in update requests.
sb_str optional_sb(const std::optional<std::string>& value) {
    return value ? to_sb(*value) : sb_str{nullptr, 0};
}

User to_user(const void* r) {
    return User::from(*static_cast<const sb_user*>(r));
}
RefreshToken to_token(const void* r) {
    return RefreshToken::from(*static_cast<const sb_refresh_token*>(r));
}
Conversation to_conversation(const void* r) {
    return Conversation::from(*static_cast<const sb_conversation*>(r));
}
Message to_message(const void* r) {
    return Message::from(*static_cast<const sb_message*>(r));
}
AppendResult to_append_result(const void* r) {
    return AppendResult::from(*static_cast<const sb_message_append_result*>(r));
}
Receipt to_receipt(const void* r) {
    return Receipt::from(*static_cast<const sb_receipt_result*>(r));
}

std::vector<User> to_users(const void* r) {
    auto list = sdk::read_record(*static_cast<const sb_user_list*>(r));
    std::vector<User> users;
    for (size_t i = 0; i < list.count; ++i) users.push_back(User::from(sdk::read_element(list.items, i)));
    return users;
}
std::vector<Device> to_devices(const void* r) {
    auto list = sdk::read_record(*static_cast<const sb_device_list*>(r));
    std::vector<Device> devices;
    for (size_t i = 0; i < list.count; ++i) devices.push_back(Device::from(sdk::read_element(list.items, i)));
    return devices;
}
std::vector<ConversationSummary> to_summaries(const void* r) {
    auto list = sdk::read_record(*static_cast<const sb_conversation_summary_list*>(r));
    std::vector<ConversationSummary> summaries;
    for (size_t i = 0; i < list.count; ++i)
        summaries.push_back(ConversationSummary::from(sdk::read_element(list.items, i)));
    return summaries;
}
std::vector<Message> to_messages(const void* r) {
    auto list = sdk::read_record(*static_cast<const sb_message_list*>(r));
    std::vector<Message> messages;
    for (size_t i = 0; i < list.count; ++i) messages.push_back(Message::from(sdk::read_element(list.items, i)));
    return messages;
}
std::vector<std::string> to_strings(const void* r) {
    auto list = sdk::read_record(*static_cast<const sb_str_list*>(r));
    std::vector<std::string> items;
    for (size_t i = 0; i < list.count; ++i) items.emplace_back(sdk::to_view(list.items[i]));
    return items;
}

sb_key_request key_request(const std::string& key) {
    return sb_key_request{sizeof(sb_key_request), to_sb(key)};
}

}  // namespace

// ---- users

Outcome<Nothing> StorageClient::user_create(const User& user) {
    sb_user req = user.to_c();
    return call<Nothing>("user_create", vtable_->user_create, req);
}

Outcome<User> StorageClient::user_ensure(const User& user) {
    sb_user req = user.to_c();
    return call<User>("user_ensure", vtable_->user_ensure, req, &to_user);
}

Outcome<User> StorageClient::user_get(const std::string& user_id) {
    return call<User>("user_get", vtable_->user_get, key_request(user_id), &to_user);
}

Outcome<User> StorageClient::user_get_by_username(const std::string& username) {
    return call<User>("user_get_by_username", vtable_->user_get_by_username, key_request(username), &to_user);
}

Outcome<std::vector<User>> StorageClient::user_search(const std::string& query, uint32_t limit) {
    sb_user_search_request req{sizeof(req), to_sb(query), limit};
    return call<std::vector<User>>("user_search", vtable_->user_search, req, &to_users);
}

Outcome<User> StorageClient::user_update(const std::string& user_id, const std::optional<std::string>& display_name,
                                         const std::optional<std::string>& password_hash) {
    sb_user_update_request req{sizeof(req), to_sb(user_id), optional_sb(display_name), optional_sb(password_hash)};
    return call<User>("user_update", vtable_->user_update, req, &to_user);
}

Outcome<Nothing> StorageClient::user_touch(const std::string& user_id, int64_t last_seen_at) {
    sb_user_touch_request req{sizeof(req), to_sb(user_id), last_seen_at};
    return call<Nothing>("user_touch", vtable_->user_touch, req);
}

// ---- refresh tokens

Outcome<Nothing> StorageClient::refresh_insert(const RefreshToken& token) {
    sb_refresh_token req = token.to_c();
    return call<Nothing>("refresh_insert", vtable_->refresh_insert, req);
}

Outcome<RefreshToken> StorageClient::refresh_rotate(const std::string& old_hash, int64_t now,
                                                    const RefreshToken& replacement) {
    sb_refresh_token next = replacement.to_c();
    sb_refresh_rotate_request req{sizeof(req), to_sb(old_hash), now, &next};
    return call<RefreshToken>("refresh_rotate", vtable_->refresh_rotate, req, &to_token);
}

Outcome<Nothing> StorageClient::refresh_revoke(const std::string& token_hash) {
    return call<Nothing>("refresh_revoke", vtable_->refresh_revoke, key_request(token_hash));
}

Outcome<Nothing> StorageClient::refresh_revoke_user(const std::string& user_id) {
    return call<Nothing>("refresh_revoke_user", vtable_->refresh_revoke_user, key_request(user_id));
}

// ---- devices

Outcome<Nothing> StorageClient::device_upsert(const Device& device) {
    sb_device req = device.to_c();
    return call<Nothing>("device_upsert", vtable_->device_upsert, req);
}

Outcome<Nothing> StorageClient::device_delete(const std::string& user_id, const std::string& device_id) {
    sb_device_key_request req{sizeof(req), to_sb(user_id), to_sb(device_id)};
    return call<Nothing>("device_delete", vtable_->device_delete, req);
}

Outcome<std::vector<Device>> StorageClient::device_list(const std::string& user_id) {
    return call<std::vector<Device>>("device_list", vtable_->device_list, key_request(user_id), &to_devices);
}

// ---- conversations

Outcome<Conversation> StorageClient::conversation_create(const Conversation& conversation,
                                                         const std::string& direct_key) {
    sdk::storage::ConversationView view(conversation);
    sb_conversation_create_request req{sizeof(req), &view.get(), to_sb(direct_key)};
    return call<Conversation>("conversation_create", vtable_->conversation_create, req, &to_conversation);
}

Outcome<Conversation> StorageClient::conversation_get(const std::string& conversation_id) {
    return call<Conversation>("conversation_get", vtable_->conversation_get, key_request(conversation_id),
                              &to_conversation);
}

Outcome<std::vector<ConversationSummary>> StorageClient::conversation_list(const std::string& user_id) {
    return call<std::vector<ConversationSummary>>("conversation_list", vtable_->conversation_list, key_request(user_id),
                                                  &to_summaries);
}

Outcome<Conversation> StorageClient::conversation_update(const std::string& conversation_id, const std::string& title) {
    sb_conversation_update_request req{sizeof(req), to_sb(conversation_id), to_sb(title)};
    return call<Conversation>("conversation_update", vtable_->conversation_update, req, &to_conversation);
}

Outcome<Conversation> StorageClient::members_upsert(const std::string& conversation_id,
                                                    const std::vector<Member>& members) {
    std::vector<sb_member> items;
    for (const Member& m : members) items.push_back(m.to_c());
    sb_members_upsert_request req{sizeof(req), to_sb(conversation_id), items.data(), items.size()};
    return call<Conversation>("members_upsert", vtable_->members_upsert, req, &to_conversation);
}

Outcome<Conversation> StorageClient::member_remove(const std::string& conversation_id, const std::string& user_id) {
    sb_member_remove_request req{sizeof(req), to_sb(conversation_id), to_sb(user_id)};
    return call<Conversation>("member_remove", vtable_->member_remove, req, &to_conversation);
}

// ---- messages

std::shared_ptr<TypedCall<AppendResult>> StorageClient::message_append_async(const Message& message) {
    sdk::storage::MessageView view(message);
    sb_message_append_request req{sizeof(req), &view.get(), nullptr, 0};
    return issue<AppendResult>("message_append", vtable_->message_append, req, &to_append_result);
}

Outcome<AppendResult> StorageClient::message_append(const Message& message) {
    return finish(message_append_async(message));
}

Outcome<AppendResult> StorageClient::message_append(const Message& message,
                                                    const std::vector<sdk::storage::OutboxEntry>& notify) {
    sdk::storage::MessageView view(message);
    std::vector<sb_outbox_entry> entries;
    for (const auto& e : notify) entries.push_back(e.to_c());
    sb_message_append_request req{sizeof(req), &view.get(), entries.data(), entries.size()};
    return call<AppendResult>("message_append", vtable_->message_append, req, &to_append_result);
}

Outcome<Nothing> StorageClient::outbox_write(const std::vector<sdk::storage::OutboxEntry>& inserts,
                                             const std::vector<std::string>& delete_ids) {
    std::vector<sb_outbox_entry> entries;
    for (const auto& e : inserts) entries.push_back(e.to_c());
    std::vector<sb_str> ids;
    for (const auto& id : delete_ids) ids.push_back(to_sb(id));
    sb_outbox_write_request req{sizeof(req), entries.data(), entries.size(), ids.data(), ids.size()};
    return call<Nothing>("outbox_write", vtable_->outbox_write, req);
}

Outcome<std::vector<sdk::storage::OutboxEntry>> StorageClient::outbox_claim(int64_t now, int64_t lease_until,
                                                                            uint32_t limit) {
    sb_outbox_claim_request req{sizeof(req), now, lease_until, limit};
    return call<std::vector<sdk::storage::OutboxEntry>>(
        "outbox_claim", vtable_->outbox_claim, req, [](const void* r) {
            auto list = sdk::read_record(*static_cast<const sb_outbox_entry_list*>(r));
            return sdk::storage::outbox_entries_from(list.items, list.count);
        });
}

Outcome<Nothing> StorageClient::outbox_reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts) {
    sb_outbox_reschedule_request req{sizeof(req), to_sb(entry_id), due_at, attempts};
    return call<Nothing>("outbox_reschedule", vtable_->outbox_reschedule, req);
}

Outcome<Nothing> StorageClient::notify_setting_set(const sdk::storage::NotifySetting& setting) {
    sb_notify_setting req = setting.to_c();
    return call<Nothing>("notify_setting_set", vtable_->notify_setting_set, req);
}

Outcome<sdk::storage::NotifySetting> StorageClient::notify_setting_get(const std::string& user_id,
                                                                       const std::string& conversation_id) {
    sb_notify_setting_key req{sizeof(req), to_sb(user_id), to_sb(conversation_id)};
    return call<sdk::storage::NotifySetting>("notify_setting_get", vtable_->notify_setting_get, req, [](const void* r) {
        return sdk::storage::NotifySetting::from(*static_cast<const sb_notify_setting*>(r));
    });
}

Outcome<std::vector<Device>> StorageClient::device_delete_by_token(const std::string& provider,
                                                                   const std::string& token) {
    sb_device_token_request req{sizeof(req), to_sb(provider), to_sb(token)};
    return call<std::vector<Device>>("device_delete_by_token", vtable_->device_delete_by_token, req, &to_devices);
}

Outcome<sdk::storage::PushContext> StorageClient::push_context(const std::string& user_id,
                                                               const std::string& conversation_id, uint64_t seq) {
    sb_push_context_request req{sizeof(req), to_sb(user_id), to_sb(conversation_id), seq};
    return call<sdk::storage::PushContext>("push_context", vtable_->push_context, req, [](const void* r) {
        return sdk::storage::PushContext::from(*static_cast<const sb_push_context*>(r));
    });
}

Outcome<std::vector<Message>> StorageClient::message_history(const std::string& conversation_id, uint64_t after_seq,
                                                             uint64_t before_seq, uint32_t limit) {
    sb_history_request req{sizeof(req), to_sb(conversation_id), after_seq, before_seq, limit};
    return call<std::vector<Message>>("message_history", vtable_->message_history, req, &to_messages);
}

Outcome<Message> StorageClient::message_get(const std::string& conversation_id, uint64_t seq) {
    sb_message_key_request req{sizeof(req), to_sb(conversation_id), seq};
    return call<Message>("message_get", vtable_->message_get, req, &to_message);
}

Outcome<Message> StorageClient::message_edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                                             const std::optional<std::string>& extra_json, int64_t edited_at) {
    sb_message_edit_request req{sizeof(req), to_sb(conversation_id),  seq,
                                to_sb(body), optional_sb(extra_json), edited_at};
    return call<Message>("message_edit", vtable_->message_edit, req, &to_message);
}

Outcome<Message> StorageClient::message_delete(const std::string& conversation_id, uint64_t seq, int64_t deleted_at) {
    sb_message_delete_request req{sizeof(req), to_sb(conversation_id), seq, deleted_at};
    return call<Message>("message_delete", vtable_->message_delete, req, &to_message);
}

Outcome<Message> StorageClient::reaction_set(const std::string& conversation_id, uint64_t seq,
                                             const std::string& user_id, const std::string& emoji, bool add,
                                             int64_t created_at) {
    sb_reaction_request req{sizeof(req), to_sb(conversation_id), seq, to_sb(user_id), to_sb(emoji), add ? 1 : 0,
                            created_at};
    return call<Message>("reaction_set", vtable_->reaction_set, req, &to_message);
}

Outcome<Receipt> StorageClient::receipt_set(const std::string& conversation_id, const std::string& user_id,
                                            sb_receipt_kind kind, uint64_t seq) {
    sb_receipt_request req{sizeof(req), to_sb(conversation_id), to_sb(user_id), static_cast<uint32_t>(kind), seq};
    return call<Receipt>("receipt_set", vtable_->receipt_set, req, &to_receipt);
}

// ---- moderation

Outcome<Nothing> StorageClient::block_set(const std::string& user_id, const std::string& target_id, bool blocked,
                                          int64_t at) {
    sb_block_request req{sizeof(req), to_sb(user_id), to_sb(target_id), blocked ? 1 : 0, at};
    return call<Nothing>("block_set", vtable_->block_set, req);
}

Outcome<std::vector<std::string>> StorageClient::block_list(const std::string& user_id) {
    return call<std::vector<std::string>>("block_list", vtable_->block_list, key_request(user_id), &to_strings);
}

Outcome<Nothing> StorageClient::report_create(const sdk::storage::Report& report) {
    sb_report r = report.to_c();
    sb_report_request req{sizeof(req), &r};
    return call<Nothing>("report_create", vtable_->report_create, req);
}

Outcome<Nothing> StorageClient::attachment_create(const sdk::storage::Attachment& attachment) {
    sb_attachment req = attachment.to_c();
    return call<Nothing>("attachment_create", vtable_->attachment_create, req);
}

Outcome<sdk::storage::Attachment> StorageClient::attachment_get(const std::string& attachment_id,
                                                           const std::string& reader_id) {
    sb_attachment_get_request req{sizeof(req), to_sb(attachment_id), to_sb(reader_id)};
    return call<sdk::storage::Attachment>("attachment_get", vtable_->attachment_get, req, [](const void* r) {
        return sdk::storage::Attachment::from(*static_cast<const sb_attachment*>(r));
    });
}

namespace {

std::vector<CallRecord> to_call_records(const void* r) {
    auto list = sdk::read_record(*static_cast<const sb_call_record_list*>(r));
    std::vector<CallRecord> calls;
    for (size_t i = 0; i < list.count; ++i) calls.push_back(CallRecord::from(sdk::read_element(list.items, i)));
    return calls;
}

}  // namespace

Outcome<Nothing> StorageClient::call_create(const CallRecord& call) {
    sb_call_record req = call.to_c();
    return this->call<Nothing>("call_create", vtable_->call_create, req);
}

Outcome<Nothing> StorageClient::call_finish(const std::string& call_id, const std::string& outcome,
                                            const std::string& end_reason, int64_t answered_at, int64_t ended_at) {
    sb_call_finish_request req{sizeof(req), to_sb(call_id), to_sb(outcome), to_sb(end_reason), answered_at, ended_at};
    return call<Nothing>("call_finish", vtable_->call_finish, req);
}

Outcome<std::vector<CallRecord>> StorageClient::call_history(const std::string& user_id, int64_t before,
                                                                      uint32_t limit) {
    sb_call_history_request req{sizeof(req), to_sb(user_id), before, limit};
    return call<std::vector<CallRecord>>("call_history", vtable_->call_history, req, &to_call_records);
}

Outcome<std::vector<CallRecord>> StorageClient::call_finish_unfinished(const std::string& outcome,
                                                                                const std::string& end_reason,
                                                                                int64_t ended_at) {
    sb_call_finish_unfinished_request req{sizeof(req), to_sb(outcome), to_sb(end_reason), ended_at};
    return call<std::vector<CallRecord>>("call_finish_unfinished", vtable_->call_finish_unfinished, req,
                                         &to_call_records);
}

// ---- bookkeeping

::testing::AssertionResult StorageClient::every_done_called_once() const {
    std::lock_guard lock(mutex_);
    for (const auto& call : calls_) {
        int calls = call->calls();
        if (call->accepted() && calls != 1)
            return ::testing::AssertionFailure()
                   << "an accepted " << call->op() << "'s done was called " << calls << " times";
        if (!call->accepted() && calls != 0)
            return ::testing::AssertionFailure()
                   << "a rejected " << call->op() << "'s done was called " << calls << " times";
    }
    return ::testing::AssertionSuccess();
}

size_t StorageClient::call_count() const {
    std::lock_guard lock(mutex_);
    return calls_.size();
}

}  // namespace switchboard::conformance::storage
