#include "switchboard/storage/storage_client.hpp"

#include <memory>
#include <utility>

#include "switchboard/sdk/host.hpp"
#include "switchboard/sdk/records.hpp"
#include "switchboard/sdk/storage/conversation_view.hpp"
#include "switchboard/sdk/storage/message_view.hpp"

namespace switchboard::storage {

using sdk::read_element;
using sdk::read_record;
using sdk::to_sb;

namespace {

// Reads the array of `count` records at `items` (the producer's stride).
template <class Out, class In>
std::vector<Out> read_array(const In* items, size_t count) {
    std::vector<Out> out;
    if (items == nullptr) return out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) out.push_back(Out::from(read_element(items, i)));
    return out;
}

// Result converters, one per result type named in storage.h.
template <class T>
struct ResultOf;
template <>
struct ResultOf<Unit> {
    static Unit from(const void*) { return {}; }
};
template <>
struct ResultOf<User> {
    static User from(const void* r) { return User::from(*static_cast<const sb_user*>(r)); }
};
template <>
struct ResultOf<std::vector<User>> {
    static std::vector<User> from(const void* r) {
        auto l = read_record(*static_cast<const sb_user_list*>(r));
        return read_array<User>(l.items, l.count);
    }
};
template <>
struct ResultOf<RefreshToken> {
    static RefreshToken from(const void* r) { return RefreshToken::from(*static_cast<const sb_refresh_token*>(r)); }
};
template <>
struct ResultOf<std::vector<Device>> {
    static std::vector<Device> from(const void* r) {
        auto l = read_record(*static_cast<const sb_device_list*>(r));
        return read_array<Device>(l.items, l.count);
    }
};
template <>
struct ResultOf<Conversation> {
    static Conversation from(const void* r) { return Conversation::from(*static_cast<const sb_conversation*>(r)); }
};
template <>
struct ResultOf<std::vector<ConversationSummary>> {
    static std::vector<ConversationSummary> from(const void* r) {
        auto l = read_record(*static_cast<const sb_conversation_summary_list*>(r));
        return read_array<ConversationSummary>(l.items, l.count);
    }
};
template <>
struct ResultOf<Attachment> {
    static Attachment from(const void* r) { return Attachment::from(*static_cast<const sb_attachment*>(r)); }
};
template <>
struct ResultOf<Message> {
    static Message from(const void* r) { return Message::from(*static_cast<const sb_message*>(r)); }
};
template <>
struct ResultOf<std::vector<Message>> {
    static std::vector<Message> from(const void* r) {
        auto l = read_record(*static_cast<const sb_message_list*>(r));
        return read_array<Message>(l.items, l.count);
    }
};
template <>
struct ResultOf<AppendResult> {
    static AppendResult from(const void* r) {
        auto a = read_record(*static_cast<const sb_message_append_result*>(r));
        return AppendResult{a.message ? Message::from(*a.message) : Message{}, a.duplicate != 0};
    }
};
template <>
struct ResultOf<ReceiptState> {
    static ReceiptState from(const void* r) {
        auto s = read_record(*static_cast<const sb_receipt_result*>(r));
        return ReceiptState{s.delivered_seq, s.read_seq, s.changed != 0};
    }
};
template <>
struct ResultOf<std::vector<std::string>> {
    static std::vector<std::string> from(const void* r) {
        auto l = read_record(*static_cast<const sb_str_list*>(r));
        std::vector<std::string> out;
        out.reserve(l.count);
        for (size_t i = 0; i < l.count; ++i) out.emplace_back(sdk::to_view(l.items[i]));
        return out;
    }
};

template <>
struct ResultOf<std::vector<CallRecord>> {
    static std::vector<CallRecord> from(const void* r) {
        auto l = read_record(*static_cast<const sb_call_record_list*>(r));
        return read_array<CallRecord>(l.items, l.count);
    }
};
template <>
struct ResultOf<std::vector<OutboxEntry>> {
    static std::vector<OutboxEntry> from(const void* r) {
        auto l = read_record(*static_cast<const sb_outbox_entry_list*>(r));
        return read_array<OutboxEntry>(l.items, l.count);
    }
};
template <>
struct ResultOf<NotifySetting> {
    static NotifySetting from(const void* r) {
        return NotifySetting::from(*static_cast<const sb_notify_setting*>(r));
    }
};

template <>
struct ResultOf<PushContext> {
    static PushContext from(const void* r) { return PushContext::from(*static_cast<const sb_push_context*>(r)); }
};

template <class T>
struct Pending {
    StorageCallback<T> callback;
    StorageClient::Post post;
    std::atomic<int64_t>* in_flight;
};

template <class T>
void on_done(void* ctx, sb_status status, const char* error_message, const void* result) {
    std::unique_ptr<Pending<T>> pending(static_cast<Pending<T>*>(ctx));
    StorageResult<T> r;
    r.status = status;
    if (error_message) r.error = error_message;
    if (status == SB_OK) {
        if (result) r.value = ResultOf<T>::from(result);
        else if constexpr (!std::is_same_v<T, Unit>) {
            r.status = SB_ERR_INTERNAL;
            r.error = "storage plugin returned no result";
        }
    }
    pending->in_flight->fetch_sub(1, std::memory_order_relaxed);
    pending->post([cb = std::move(pending->callback), r = std::move(r)]() mutable { cb(std::move(r)); });
}

// Borrowed C views of `entries` (valid while they live).
std::vector<sb_outbox_entry> outbox_views(const std::vector<OutboxEntry>& entries) {
    std::vector<sb_outbox_entry> out;
    out.reserve(entries.size());
    for (const auto& e : entries) out.push_back(e.to_c());
    return out;
}

sb_key_request key(const std::string& k) { return sb_key_request{sizeof(sb_key_request), to_sb(k)}; }

sb_str optional_view(const std::string* s) { return s ? to_sb(*s) : sb_str{nullptr, 0}; }

// A non-null pointer for an empty string, so "set to empty" differs from "unchanged".
sb_str optional_view_nonnull(const std::string* s) {
    if (!s) return sb_str{nullptr, 0};
    return sb_str{s->empty() ? "" : s->data(), s->size()};
}

}  // namespace

StorageClient::StorageClient(const sb_storage_vtable& vtable, void* instance, Post post)
    : vtable_(read_record(vtable)), instance_(instance), post_(std::move(post)) {}

template <class T, class Request, class Fn>
void StorageClient::invoke(Fn fn, const Request& request, StorageCallback<T> callback) {
    auto* pending = new Pending<T>{std::move(callback), post_, &in_flight_};
    in_flight_.fetch_add(1, std::memory_order_relaxed);
    sb_status status = fn(instance_, &request, &on_done<T>, pending);
    if (status != SB_OK) {
        // Rejected: the plugin will not call back, so answer here.
        in_flight_.fetch_sub(1, std::memory_order_relaxed);
        refuse(status, "storage refused the operation", std::move(pending->callback));
        delete pending;
    }
}

template <class T>
void StorageClient::refuse(sb_status status, std::string error, StorageCallback<T> callback) {
    StorageResult<T> r;
    r.status = status;
    r.error = std::move(error);
    post_([cb = std::move(callback), r = std::move(r)]() mutable { cb(std::move(r)); });
}

void StorageClient::user_create(const User& user, StorageCallback<Unit> callback) {
    sb_user req = user.to_c();
    invoke<Unit>(vtable_.user_create, req, std::move(callback));
}

void StorageClient::user_ensure(const User& user, StorageCallback<User> callback) {
    sb_user req = user.to_c();
    invoke<User>(vtable_.user_ensure, req, std::move(callback));
}

void StorageClient::user_get(const std::string& user_id, StorageCallback<User> callback) {
    invoke<User>(vtable_.user_get, key(user_id), std::move(callback));
}

void StorageClient::user_get_by_username(const std::string& username, StorageCallback<User> callback) {
    invoke<User>(vtable_.user_get_by_username, key(username), std::move(callback));
}

void StorageClient::user_search(const std::string& query, uint32_t limit, StorageCallback<std::vector<User>> callback) {
    sb_user_search_request req{sizeof(req), to_sb(query), limit};
    invoke<std::vector<User>>(vtable_.user_search, req, std::move(callback));
}

void StorageClient::user_update(const std::string& user_id, const std::string* display_name,
                                const std::string* password_hash, StorageCallback<User> callback) {
    sb_user_update_request req{sizeof(req), to_sb(user_id), optional_view_nonnull(display_name),
                               optional_view_nonnull(password_hash)};
    invoke<User>(vtable_.user_update, req, std::move(callback));
}

void StorageClient::user_touch(const std::string& user_id, int64_t last_seen_at, StorageCallback<Unit> callback) {
    sb_user_touch_request req{sizeof(req), to_sb(user_id), last_seen_at};
    invoke<Unit>(vtable_.user_touch, req, std::move(callback));
}

void StorageClient::refresh_insert(const RefreshToken& token, StorageCallback<Unit> callback) {
    sb_refresh_token req = token.to_c();
    invoke<Unit>(vtable_.refresh_insert, req, std::move(callback));
}

void StorageClient::refresh_rotate(const std::string& old_hash, int64_t now, const RefreshToken& replacement,
                                   StorageCallback<RefreshToken> callback) {
    sb_refresh_token next = replacement.to_c();
    sb_refresh_rotate_request req{sizeof(req), to_sb(old_hash), now, &next};
    invoke<RefreshToken>(vtable_.refresh_rotate, req, std::move(callback));
}

void StorageClient::refresh_revoke(const std::string& token_hash, StorageCallback<Unit> callback) {
    invoke<Unit>(vtable_.refresh_revoke, key(token_hash), std::move(callback));
}

void StorageClient::refresh_revoke_user(const std::string& user_id, StorageCallback<Unit> callback) {
    invoke<Unit>(vtable_.refresh_revoke_user, key(user_id), std::move(callback));
}

void StorageClient::device_upsert(const Device& d, StorageCallback<Unit> callback) {
    sb_device req = d.to_c();
    invoke<Unit>(vtable_.device_upsert, req, std::move(callback));
}

void StorageClient::device_delete(const std::string& user_id, const std::string& device_id,
                                  StorageCallback<Unit> callback) {
    sb_device_key_request req{sizeof(req), to_sb(user_id), to_sb(device_id)};
    invoke<Unit>(vtable_.device_delete, req, std::move(callback));
}

void StorageClient::device_list(const std::string& user_id, StorageCallback<std::vector<Device>> callback) {
    invoke<std::vector<Device>>(vtable_.device_list, key(user_id), std::move(callback));
}

void StorageClient::conversation_create(const Conversation& c, const std::string& direct_key,
                                        StorageCallback<Conversation> callback) {
    sdk::storage::ConversationView conversation(c);
    sb_conversation_create_request req{sizeof(req), &conversation.get(), to_sb(direct_key)};
    invoke<Conversation>(vtable_.conversation_create, req, std::move(callback));
}

void StorageClient::conversation_get(const std::string& conversation_id, StorageCallback<Conversation> callback) {
    invoke<Conversation>(vtable_.conversation_get, key(conversation_id), std::move(callback));
}

void StorageClient::conversation_list(const std::string& user_id,
                                      StorageCallback<std::vector<ConversationSummary>> callback) {
    invoke<std::vector<ConversationSummary>>(vtable_.conversation_list, key(user_id), std::move(callback));
}

void StorageClient::conversation_update(const std::string& conversation_id, const std::string& title,
                                        StorageCallback<Conversation> callback) {
    sb_conversation_update_request req{sizeof(req), to_sb(conversation_id), to_sb(title)};
    invoke<Conversation>(vtable_.conversation_update, req, std::move(callback));
}

void StorageClient::members_upsert(const std::string& conversation_id, const std::vector<Member>& members,
                                   StorageCallback<Conversation> callback) {
    std::vector<sb_member> views;
    views.reserve(members.size());
    for (const auto& m : members) views.push_back(m.to_c());
    sb_members_upsert_request req{sizeof(req), to_sb(conversation_id), views.data(), views.size()};
    invoke<Conversation>(vtable_.members_upsert, req, std::move(callback));
}

void StorageClient::member_remove(const std::string& conversation_id, const std::string& user_id,
                                  StorageCallback<Conversation> callback) {
    sb_member_remove_request req{sizeof(req), to_sb(conversation_id), to_sb(user_id)};
    invoke<Conversation>(vtable_.member_remove, req, std::move(callback));
}

void StorageClient::message_append(const Message& m, StorageCallback<AppendResult> callback) {
    message_append(m, {}, std::move(callback));
}

void StorageClient::message_append(const Message& m, const std::vector<OutboxEntry>& notify,
                                   StorageCallback<AppendResult> callback) {
    if (!m.attachments.empty() && !supports_attachments())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin does not store attachments", std::move(callback));
    sdk::storage::MessageView message(m);
    std::vector<sb_outbox_entry> entries = supports_outbox() ? outbox_views(notify) : std::vector<sb_outbox_entry>{};
    sb_message_append_request req{sizeof(req), &message.get(), entries.empty() ? nullptr : entries.data(),
                                  entries.size()};
    invoke<AppendResult>(vtable_.message_append, req, std::move(callback));
}

void StorageClient::message_history(const std::string& conversation_id, uint64_t after_seq, uint64_t before_seq,
                                    uint32_t limit, StorageCallback<std::vector<Message>> callback) {
    sb_history_request req{sizeof(req), to_sb(conversation_id), after_seq, before_seq, limit};
    invoke<std::vector<Message>>(vtable_.message_history, req, std::move(callback));
}

void StorageClient::message_get(const std::string& conversation_id, uint64_t seq, StorageCallback<Message> callback) {
    sb_message_key_request req{sizeof(req), to_sb(conversation_id), seq};
    invoke<Message>(vtable_.message_get, req, std::move(callback));
}

void StorageClient::message_edit(const std::string& conversation_id, uint64_t seq, const std::string& body,
                                 const std::string* extra_json, int64_t edited_at, StorageCallback<Message> callback) {
    sb_message_edit_request req{sizeof(req), to_sb(conversation_id), seq, to_sb(body), optional_view(extra_json),
                                edited_at};
    invoke<Message>(vtable_.message_edit, req, std::move(callback));
}

void StorageClient::message_delete(const std::string& conversation_id, uint64_t seq, int64_t deleted_at,
                                   StorageCallback<Message> callback) {
    sb_message_delete_request req{sizeof(req), to_sb(conversation_id), seq, deleted_at};
    invoke<Message>(vtable_.message_delete, req, std::move(callback));
}

void StorageClient::reaction_set(const std::string& conversation_id, uint64_t seq, const std::string& user_id,
                                 const std::string& emoji, bool add, int64_t created_at,
                                 StorageCallback<Message> callback) {
    sb_reaction_request req{sizeof(req), to_sb(conversation_id), seq, to_sb(user_id), to_sb(emoji), add ? 1 : 0,
                            created_at};
    invoke<Message>(vtable_.reaction_set, req, std::move(callback));
}

void StorageClient::receipt_set(const std::string& conversation_id, const std::string& user_id, sb_receipt_kind kind,
                                uint64_t seq, StorageCallback<ReceiptState> callback) {
    sb_receipt_request req{sizeof(req), to_sb(conversation_id), to_sb(user_id), static_cast<uint32_t>(kind), seq};
    invoke<ReceiptState>(vtable_.receipt_set, req, std::move(callback));
}

void StorageClient::block_set(const std::string& user_id, const std::string& target_id, bool blocked, int64_t at,
                              StorageCallback<Unit> callback) {
    sb_block_request req{sizeof(req), to_sb(user_id), to_sb(target_id), blocked ? 1 : 0, at};
    invoke<Unit>(vtable_.block_set, req, std::move(callback));
}

void StorageClient::block_list(const std::string& user_id, StorageCallback<std::vector<std::string>> callback) {
    invoke<std::vector<std::string>>(vtable_.block_list, key(user_id), std::move(callback));
}

void StorageClient::report_create(const Report& r, StorageCallback<Unit> callback) {
    sb_report report = r.to_c();
    sb_report_request req{sizeof(req), &report};
    invoke<Unit>(vtable_.report_create, req, std::move(callback));
}

void StorageClient::attachment_create(const Attachment& attachment, StorageCallback<Unit> callback) {
    if (!supports_attachments())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin does not store attachments", std::move(callback));
    sb_attachment req = attachment.to_c();
    invoke<Unit>(vtable_.attachment_create, req, std::move(callback));
}

void StorageClient::attachment_get(const std::string& attachment_id, const std::string& reader_id,
                                   StorageCallback<Attachment> callback) {
    if (!supports_attachments())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin does not store attachments", std::move(callback));
    sb_attachment_get_request req{sizeof(req), to_sb(attachment_id), to_sb(reader_id)};
    invoke<Attachment>(vtable_.attachment_get, req, std::move(callback));
}

constexpr const char* kNoCalls = "the storage plugin keeps no call history";

void StorageClient::call_create(const CallRecord& c, StorageCallback<Unit> callback) {
    if (!supports_calls()) return refuse(SB_ERR_UNAVAILABLE, kNoCalls, std::move(callback));
    sb_call_record req{sizeof(req),        to_sb(c.call_id),    to_sb(c.conversation_id), to_sb(c.caller_id),
                       to_sb(c.callee_id), to_sb(c.media),      to_sb(c.outcome),         to_sb(c.end_reason),
                       c.started_at,       c.answered_at,       c.ended_at};
    invoke<Unit>(vtable_.call_create, req, std::move(callback));
}

void StorageClient::call_finish(const std::string& call_id, const std::string& outcome, const std::string& end_reason,
                                int64_t answered_at, int64_t ended_at, StorageCallback<Unit> callback) {
    if (!supports_calls()) return refuse(SB_ERR_UNAVAILABLE, kNoCalls, std::move(callback));
    sb_call_finish_request req{sizeof(req),      to_sb(call_id), to_sb(outcome), to_sb(end_reason),
                               answered_at,      ended_at};
    invoke<Unit>(vtable_.call_finish, req, std::move(callback));
}

void StorageClient::call_history(const std::string& user_id, int64_t before, uint32_t limit,
                                 StorageCallback<std::vector<CallRecord>> callback) {
    if (!supports_calls()) return refuse(SB_ERR_UNAVAILABLE, kNoCalls, std::move(callback));
    sb_call_history_request req{sizeof(req), to_sb(user_id), before, limit};
    invoke<std::vector<CallRecord>>(vtable_.call_history, req, std::move(callback));
}

void StorageClient::call_finish_unfinished(const std::string& outcome, const std::string& end_reason,
                                           int64_t ended_at, StorageCallback<std::vector<CallRecord>> callback) {
    if (!supports_calls()) return refuse(SB_ERR_UNAVAILABLE, kNoCalls, std::move(callback));
    sb_call_finish_unfinished_request req{sizeof(req), to_sb(outcome), to_sb(end_reason), ended_at};
    invoke<std::vector<CallRecord>>(vtable_.call_finish_unfinished, req, std::move(callback));
}

void StorageClient::outbox_write(const std::vector<OutboxEntry>& inserts, const std::vector<std::string>& delete_ids,
                                 StorageCallback<Unit> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin has no push outbox", std::move(callback));
    std::vector<sb_outbox_entry> entries = outbox_views(inserts);
    std::vector<sb_str> ids;
    ids.reserve(delete_ids.size());
    for (const auto& id : delete_ids) ids.push_back(to_sb(id));
    sb_outbox_write_request req{sizeof(req), entries.empty() ? nullptr : entries.data(), entries.size(),
                                ids.empty() ? nullptr : ids.data(), ids.size()};
    invoke<Unit>(vtable_.outbox_write, req, std::move(callback));
}

void StorageClient::outbox_claim(int64_t now, int64_t lease_until, uint32_t limit,
                                 StorageCallback<std::vector<OutboxEntry>> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin has no push outbox", std::move(callback));
    sb_outbox_claim_request req{sizeof(req), now, lease_until, limit};
    invoke<std::vector<OutboxEntry>>(vtable_.outbox_claim, req, std::move(callback));
}

void StorageClient::outbox_reschedule(const std::string& entry_id, int64_t due_at, uint32_t attempts,
                                      StorageCallback<Unit> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin has no push outbox", std::move(callback));
    sb_outbox_reschedule_request req{sizeof(req), to_sb(entry_id), due_at, attempts};
    invoke<Unit>(vtable_.outbox_reschedule, req, std::move(callback));
}

void StorageClient::notify_setting_set(const NotifySetting& n, StorageCallback<Unit> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin keeps no notification settings", std::move(callback));
    sb_notify_setting req = n.to_c();
    invoke<Unit>(vtable_.notify_setting_set, req, std::move(callback));
}

void StorageClient::notify_setting_get(const std::string& user_id, const std::string& conversation_id,
                                       StorageCallback<NotifySetting> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin keeps no notification settings", std::move(callback));
    sb_notify_setting_key req{sizeof(req), to_sb(user_id), to_sb(conversation_id)};
    invoke<NotifySetting>(vtable_.notify_setting_get, req, std::move(callback));
}

void StorageClient::device_delete_by_token(const std::string& provider, const std::string& token,
                                           StorageCallback<std::vector<Device>> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin has no push outbox", std::move(callback));
    sb_device_token_request req{sizeof(req), to_sb(provider), to_sb(token)};
    invoke<std::vector<Device>>(vtable_.device_delete_by_token, req, std::move(callback));
}

void StorageClient::push_context(const std::string& user_id, const std::string& conversation_id, uint64_t seq,
                                 StorageCallback<PushContext> callback) {
    if (!supports_outbox())
        return refuse(SB_ERR_UNAVAILABLE, "the storage plugin has no push outbox", std::move(callback));
    if (!vtable_.push_context) return push_context_from_list(user_id, conversation_id, seq, std::move(callback));
    sb_push_context_request req{sizeof(req), to_sb(user_id), to_sb(conversation_id), seq};
    invoke<PushContext>(vtable_.push_context, req, std::move(callback));
}

void StorageClient::push_context_from_list(const std::string& user_id, const std::string& conversation_id,
                                           uint64_t seq, StorageCallback<PushContext> callback) {
    notify_setting_get(user_id, conversation_id,
                       [this, user_id, conversation_id, seq,
                        callback = std::move(callback)](StorageResult<NotifySetting> r) mutable {
                           if (!r.ok() && r.status != SB_ERR_NOT_FOUND)
                               return callback(StorageResult<PushContext>{r.status, std::move(r.error), {}});
                           std::optional<NotifySetting> setting;
                           if (r.ok()) setting = std::move(r.value);
                           push_context_read_state(user_id, conversation_id, seq, std::move(setting),
                                                   std::move(callback));
                       });
}

void StorageClient::push_context_read_state(const std::string& user_id, const std::string& conversation_id,
                                            uint64_t seq, std::optional<NotifySetting> setting,
                                            StorageCallback<PushContext> callback) {
    conversation_list(user_id, [this, conversation_id, seq, setting = std::move(setting),
                                callback = std::move(callback)](
                                   StorageResult<std::vector<ConversationSummary>> r) mutable {
        if (!r.ok()) return callback(StorageResult<PushContext>{r.status, std::move(r.error), {}});
        StorageResult<PushContext> out;
        const ConversationSummary* mine = nullptr;
        for (const auto& summary : r.value) {
            out.value.unread_total += summary.unread;
            if (summary.conversation.conversation_id == conversation_id) mine = &summary;
        }
        if (!mine) return callback(StorageResult<PushContext>{SB_ERR_NOT_FOUND, "not a member of this conversation", {}});
        out.value.conversation_type = mine->conversation.type;
        out.value.conversation_title = mine->conversation.title;
        out.value.read_seq = mine->read_seq;
        out.value.setting = std::move(setting);
        // The list carries each conversation's newest message: when that is
        // this one (a push shortly after the send), no second read.
        if (mine->last_message && mine->last_message->seq == seq) {
            out.value.message = *mine->last_message;
            return callback(std::move(out));
        }
        message_get(conversation_id, seq,
                    [out = std::move(out), callback = std::move(callback)](StorageResult<Message> m) mutable {
                        if (!m.ok() && m.status != SB_ERR_NOT_FOUND)
                            return callback(StorageResult<PushContext>{m.status, std::move(m.error), {}});
                        if (m.ok()) out.value.message = std::move(m.value);
                        callback(std::move(out));
                    });
    });
}

}  // namespace switchboard::storage
